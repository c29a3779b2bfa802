/// A series' sample-to-sample noise, from the absolute differences of
/// consecutive samples over a trailing count: σ ≈ median|Δ| / 0.954
/// (for normal noise |Δ| has median 0.6745·√2·σ). Differences ignore the
/// level, so a slow drift or a daily cycle does not inflate the scale, a
/// step shows up in one difference only, and heavy tails move the median
/// little. Re-estimated as samples arrive, never frozen.
///
/// Rates from small counts take a few discrete values, skewed near 0 or 1,
/// and their median difference is one step or 0 whatever the spread; the
/// mean squared difference (E Δ² = 2σ² for any independent noise, von
/// Neumann) is not fooled by that, so σ is the larger of the two estimates
/// (with heavy tails the squared one is larger: conservative).
struct NoiseScale: Hashable, Sendable {
    let capacity: Int
    /// The differences in arrival order (a ring once full).
    private var diffs: [Double] = []
    private var next = 0
    private var previous: Double?
    private var cached: Double?
    private var sinceEstimate = 0

    init(capacity: Int) { self.capacity = max(capacity, 8) }

    var count: Int { diffs.count }

    mutating func observe(_ v: Double) {
        defer { previous = v }
        guard let p = previous else { return }
        let d = abs(v - p)
        if diffs.count < capacity { diffs.append(d) } else {
            diffs[next] = d
            next = (next + 1) % capacity
        }
        // Re-estimating costs a pass over the window: once every 8
        // differences is enough.
        sinceEstimate += 1
        if sinceEstimate >= 8 || diffs.count < 16 { cached = nil }
    }

    /// σ of one sample's noise, or nil before two samples.
    mutating func sigma() -> Double? {
        if let c = cached { return c }
        guard let s = estimate() else { return nil }
        cached = s
        sinceEstimate = 0
        return s
    }

    /// The estimate from the window as it stands, uncached.
    func estimate() -> Double? {
        guard !diffs.isEmpty else { return nil }
        let median = kthSmallest((diffs.count - 1) / 2, of: diffs)
        let meanSquare = diffs.reduce(0) { $0 + $1 * $1 } / Double(diffs.count)
        return max(median / 0.9539, (meanSquare / 2).squareRoot())
    }
}
