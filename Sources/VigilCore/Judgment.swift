/// What a detector concluded after one sample.
struct Judgment: Hashable, Sendable {
    var status: SignalStatus
    /// The test statistic as a person reads it: "Δ=-0.21 Λ=3.2e4", "S=6.1>5".
    var statistic: String
    var value: Double?
    var baseline: Double?
    var samples: Int
    var baselineSamples: Int
}
