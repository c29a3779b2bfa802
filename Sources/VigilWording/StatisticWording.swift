import VigilCore

extension Wording {
    /// A test statistic as a person reads it: `Δ=-0.21 99% CI [-0.26, -0.16] z=6.1 logΛ=16/4.6`,
    /// `S=6.1 h=8 σ=0.02`, `2.4 > 2 for 20s`, `no data for 6m (policy: hold)`.
    public static func statistic(_ s: Statistic) -> String {
        switch s {
        case .noDataYet:
            return "no data yet"
        case .threshold(let v, let limit, let higher, let breaching, let held):
            let op = higher ? ">" : "<"
            return breaching ? "\(formatNumber(v)) \(op) \(formatNumber(limit)) for \(held)"
                             : "\(formatNumber(v)) within \(op) \(formatNumber(limit))"
        case .mOfN(let hits, let of, let limit, let higher):
            return "\(hits) of last \(of) \(higher ? ">" : "<") \(formatNumber(limit))"
        case .needSamples(let c, let b, let need):
            return "n=\(c)/\(b), need \(need)"
        case .canary(let diff, let z, let logLambda, let limit, let low, let high):
            return "Δ=\(formatNumber(diff)) \(interval(low, high, limit: limit)) z=\(formatNumber(z, digits: 1))"
                + " logΛ=\(formatNumber(logLambda, digits: 1))/\(formatNumber(limit, digits: 1))"
        case .noCanarySamples(let window):
            return "no canary samples in the last \(window)"
        case .cusumLearning(let n, let of):
            return "learning baseline \(n)/\(of)"
        case .cusum(let sum, let limit, let sigma):
            return "S=\(formatNumber(sum, digits: 1)) h=\(formatNumber(limit)) σ=\(formatNumber(sigma, digits: 4))"
        case .psi(let psi, let js, let w, let limit):
            return "PSI=\(formatNumber(psi)) JS=\(formatNumber(js)) W1=\(formatNumber(w)) (limit \(formatNumber(limit)))"
        case .beforeAfterIdle:
            return "no full switch to compare"
        case .anomalyLearning(let n, let of):
            return "learning baseline \(n)/\(of)"
        case .anomaly(let z, let limit, let seasonal):
            return "z=\(formatNumber(z, digits: 1)) limit \(formatNumber(limit, digits: 1))\(seasonal ? " (time of day)" : "")"
        case .beliefContradicted(let c):
            return beliefContradiction(c)
        case .beliefAgrees(let believed):
            return "belief \(believed) agrees with state"
        case .noDataFor(let d, let policy):
            return "no data for \(d) (policy: \(policy.rawValue))"
        case .inconclusive(let inner):
            return "inconclusive: \(statistic(inner))"
        case .inconclusiveFor(let d, let inner, let policy):
            return "inconclusive for \(d): \(statistic(inner)) (policy: \(policy.rawValue))"
        }
    }

    /// An always-valid interval for a difference: `99% CI [-0.231, -0.113]`.
    public static func interval(_ low: Double, _ high: Double, limit: Double) -> String {
        "\(formatNumber(100 * intervalConfidence(limit: limit), digits: 1))% CI [\(formatNumber(low)), \(formatNumber(high))]"
    }

    /// `ops-agent acts (db.write) on freeze.active=false, but it is true since 09:00:00`.
    public static func beliefContradiction(_ c: BeliefContradiction) -> String {
        "\(c.agent) acts\(c.action.map { " (\($0))" } ?? "") on \(c.key)=\(c.believed), but it is \(c.truth) since \(c.since.clock)"
    }
}
