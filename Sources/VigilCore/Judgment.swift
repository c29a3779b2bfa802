/// What a detector concluded after one sample.
///
/// The statistic is kept as numbers (`Detail`) and worded only when
/// someone reads it (a screen, an evidence line): formatting a Double on
/// every sample cost more than judging it.
///
/// A unit keeps the newest judgment of every sample, so a `Judgment` is
/// plain data: `Detail` holds only numbers, flags and durations, and
/// assigning one is a copy of bytes. Holding a `Statistic` (whose belief
/// and inconclusive cases carry strings and boxes) made each assignment go
/// through its value witnesses: about 5% of a backtest.
struct Judgment: Hashable, Sendable {
    var status: SignalStatus
    var detail: Detail
    var value: Double?
    var baseline: Double?
    var samples: Int
    var baselineSamples: Int

    /// The statistics a detector gives, case for case as in `Statistic`
    /// (which readers get from `statistic`), except the canary's, which
    /// keeps what its z score and interval are worked out from.
    enum Detail: Hashable, Sendable {
        case noDataYet
        case threshold(value: Double, limit: Double, higherIsWorse: Bool, breaching: Bool, held: Duration)
        case mOfN(hits: Int, of: Int, limit: Double, higherIsWorse: Bool)
        case needSamples(canary: Int, baseline: Int, need: Int)
        /// The mixture SPRT's inputs beside its decision: the z score and
        /// the interval are worked out from them when read (`statistic`),
        /// not at every sample (the interval's logarithm and roots were a
        /// third of a canary's work).
        case canary(diff: Double, variance: Double, tau2: Double, logLambda: Double, limit: Double)
        case noCanarySamples(window: Duration)
        case cusumLearning(n: Int, of: Int)
        case cusum(sum: Double, limit: Double, sigma: Double)
        case psi(psi: Double, js: Double, wasserstein: Double, limit: Double)
        case beforeAfterIdle
        case anomalyLearning(n: Int, of: Int)
        case anomaly(z: Double, limit: Double, seasonal: Bool)
    }

    /// The detail as readers see it.
    var statistic: Statistic {
        switch detail {
        case .noDataYet: .noDataYet
        case let .threshold(value, limit, higherIsWorse, breaching, held):
            .threshold(value: value, limit: limit, higherIsWorse: higherIsWorse, breaching: breaching, held: held)
        case let .mOfN(hits, of, limit, higherIsWorse): .mOfN(hits: hits, of: of, limit: limit, higherIsWorse: higherIsWorse)
        case let .needSamples(canary, baseline, need): .needSamples(canary: canary, baseline: baseline, need: need)
        case let .canary(diff, v, tau2, logLambda, limit):
            MixtureSPRT.statistic(diff: diff, variance: v, tau2: tau2, logLambda: logLambda, boundary: limit)
        case .noCanarySamples(let window): .noCanarySamples(window: window)
        case let .cusumLearning(n, of): .cusumLearning(n: n, of: of)
        case let .cusum(sum, limit, sigma): .cusum(sum: sum, limit: limit, sigma: sigma)
        case let .psi(psi, js, wasserstein, limit): .psi(psi: psi, js: js, wasserstein: wasserstein, limit: limit)
        case .beforeAfterIdle: .beforeAfterIdle
        case let .anomalyLearning(n, of): .anomalyLearning(n: n, of: of)
        case let .anomaly(z, limit, seasonal): .anomaly(z: z, limit: limit, seasonal: seasonal)
        }
    }
}
