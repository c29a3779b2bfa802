/// What a detector concluded after one sample.
///
/// The statistic is kept as numbers and formatted only when someone reads
/// it (a snapshot, an evidence line): formatting a Double on every sample
/// cost more than judging it.
struct Judgment: Hashable, Sendable {
    var status: SignalStatus
    var detail: Detail
    var value: Double?
    var baseline: Double?
    var samples: Int
    var baselineSamples: Int

    enum Detail: Hashable, Sendable {
        case text(String)
        case threshold(value: Double, limit: Double, higherIsWorse: Bool, breaching: Bool, held: Duration)
        case mOfN(hits: Int, of: Int, limit: Double, higherIsWorse: Bool)
        case needSamples(canary: Int, baseline: Int, need: Int)
        case canary(diff: Double, z: Double, logLambda: Double, limit: Double)
        case cusumLearning(n: Int, of: Int)
        case cusum(sum: Double, limit: Double, sigma: Double)
        case psi(psi: Double, js: Double, wasserstein: Double, limit: Double)
        case anomalyLearning(n: Int, of: Int)
        case anomaly(z: Double, limit: Double, seasonal: Bool)
        /// A before/after comparison with no full switch to judge.
        case beforeAfterIdle
    }

    /// The test statistic as a person reads it: "Δ=-0.21 z=6.1 logΛ=16/4.6", "S=6.1 h=8".
    var statistic: String {
        switch detail {
        case .text(let s): return s
        case .threshold(let v, let limit, let higher, let breaching, let held):
            let op = higher ? ">" : "<"
            return breaching ? "\(formatNumber(v)) \(op) \(formatNumber(limit)) for \(held)"
                             : "\(formatNumber(v)) within \(op) \(formatNumber(limit))"
        case .mOfN(let hits, let of, let limit, let higher):
            return "\(hits) of last \(of) \(higher ? ">" : "<") \(formatNumber(limit))"
        case .needSamples(let c, let b, let need):
            return "n=\(c)/\(b), need \(need)"
        case .canary(let diff, let z, let logLambda, let limit):
            return "Δ=\(formatNumber(diff)) z=\(formatNumber(z, digits: 1)) logΛ=\(formatNumber(logLambda, digits: 1))/\(formatNumber(limit, digits: 1))"
        case .beforeAfterIdle:
            return "no full switch to compare"
        case .cusumLearning(let n, let of):
            return "learning baseline \(n)/\(of)"
        case .cusum(let sum, let limit, let sigma):
            return "S=\(formatNumber(sum, digits: 1)) h=\(formatNumber(limit)) σ=\(formatNumber(sigma, digits: 4))"
        case .psi(let psi, let js, let w, let limit):
            return "PSI=\(formatNumber(psi)) JS=\(formatNumber(js)) W1=\(formatNumber(w)) (limit \(formatNumber(limit)))"
        case .anomalyLearning(let n, let of):
            return "learning baseline \(n)/\(of)"
        case .anomaly(let z, let limit, let seasonal):
            return "z=\(formatNumber(z, digits: 1)) limit \(formatNumber(limit, digits: 1))\(seasonal ? " (time of day)" : "")"
        }
    }
}
