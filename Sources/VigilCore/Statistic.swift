/// A detector's test statistic as numbers: what the dashboard, the headless
/// stream and the ledger show beside a signal or in a proposal's evidence.
/// A value, not a sentence: VigilWording words it (`Δ=-0.21 z=6.1 …`), and
/// formatting happens only when someone reads it, never per sample.
public enum Statistic: Hashable, Sendable {
    /// The unit has seen no sample yet.
    case noDataYet
    /// A value against a static limit; `held` is how long it has breached.
    case threshold(value: Double, limit: Double, higherIsWorse: Bool, breaching: Bool, held: Duration)
    /// `hits` of the last `of` samples crossed the limit.
    case mOfN(hits: Int, of: Int, limit: Double, higherIsWorse: Bool)
    /// Too few samples on one side of a comparison to judge.
    case needSamples(canary: Int, baseline: Int, need: Int)
    /// The tested mean against the reference (canary against baseline, or
    /// after a switch against before it): difference, plain z, the mSPRT log
    /// likelihood ratio of "worse by more than half the smallest effect
    /// worth acting on" against its boundary log(1/α), and the always-valid
    /// (1 − α) interval `low…high` for the true difference, from the same
    /// mixture (`MixtureSPRT.radius`), so α = exp(−limit).
    case canary(diff: Double, z: Double, logLambda: Double, limit: Double, low: Double, high: Double)
    /// The canary sent nothing within its window.
    case noCanarySamples(window: Duration)
    /// CUSUM still learning its baseline.
    case cusumLearning(n: Int, of: Int)
    case cusum(sum: Double, limit: Double, sigma: Double)
    /// Distribution shift: PSI against its limit, with Jensen–Shannon and Wasserstein-1 beside it.
    case psi(psi: Double, js: Double, wasserstein: Double, limit: Double)
    /// A before/after comparison with no full switch to judge.
    case beforeAfterIdle
    /// The anomaly detector still learning its series' past.
    case anomalyLearning(n: Int, of: Int)
    /// How far the value is from its robust past, against the learned limit;
    /// `seasonal` when the past is the same time of day.
    case anomaly(z: Double, limit: Double, seasonal: Bool)
    /// An agent acts on a belief the world's state contradicts.
    indirect case beliefContradicted(BeliefContradiction)
    case beliefAgrees(believed: String)
    /// No sample for `for`; the signal's no-data policy.
    case noDataFor(Duration, policy: NoDataPolicy)
    /// Still warming up after its inconclusive policy fired.
    indirect case inconclusive(Statistic)
    /// Warming up for longer than the policy allows: how long, the statistic
    /// then, and the inconclusive policy.
    indirect case inconclusiveFor(Duration, Statistic, policy: NoDataPolicy)
}

/// An agent acted on `key` = `believed`, but the world says `truth` since `since`.
public struct BeliefContradiction: Hashable, Sendable {
    public var agent: String
    /// What the agent did on that belief, e.g. `db.write`.
    public var action: String?
    public var key: String
    public var believed: String
    public var truth: String
    public var since: EventTime

    public init(agent: String, action: String?, key: String, believed: String, truth: String, since: EventTime) {
        self.agent = agent; self.action = action; self.key = key; self.believed = believed
        self.truth = truth; self.since = since
    }
}
