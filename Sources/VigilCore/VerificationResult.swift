/// What the core concluded about an executed action from the signals that
/// caused its proposal. A value; VigilWording says it in words.
public enum VerificationResult: Hashable, Sendable {
    /// A signal the proposal was raised on recovered.
    case recovered(signal: String, at: EventTime)
    /// The signal failed again while the proposal's action was in force, so
    /// proposing that action once more would change nothing.
    case stillFailingWithActionInForce(signal: String, at: EventTime, proposalID: String)
    /// Still failing once the verification delay had passed.
    case stillFailing(signal: String, after: Duration, scope: Scope)
    /// The affected scope went silent: exposure stopped.
    case noMoreSamples(after: Duration)
    /// Every signal it was raised on is back within bounds (names sorted).
    case withinBounds(signals: [String], after: Duration)

    /// The verdict a finding amounts to; the raw values are the tokens the
    /// ledger and the headless stream carry.
    public enum Verdict: String, Hashable, Sendable {
        case worked
        case notWorking = "not_working"
    }

    /// True when the action did what it was for.
    public var worked: Bool {
        switch self {
        case .recovered, .noMoreSamples, .withinBounds: return true
        case .stillFailingWithActionInForce, .stillFailing: return false
        }
    }

    public var verdict: Verdict { worked ? .worked : .notWorking }
}
