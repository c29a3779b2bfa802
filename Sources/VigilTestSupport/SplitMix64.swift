/// The seeded generator that tests and benchmarks draw their data from
/// (Steele, Lea & Flood's SplitMix64): small, fast, and the same sequence
/// on every machine, so every generated series and mutated line is
/// reproducible from its seed.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in 0..<n (0 when n is 0 or less).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
}

/// So that tests can draw with the standard library's `random(in:using:)`
/// and `randomElement(using:)`, reproducibly.
extension SplitMix64: RandomNumberGenerator {}
