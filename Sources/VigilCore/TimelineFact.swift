/// What one timeline entry records, as values: the dashboard's timeline and
/// ledger screens word it (VigilWording), so the core holds no sentences.
public enum TimelineFact: Hashable, Sendable {
    /// A flag changed variant.
    case deploy(DeployEvent)
    /// An event type the core does not interpret.
    case otherEvent(name: String)
    /// An agent acted on a belief the world's state contradicts.
    case beliefContradicted(BeliefContradiction)
    case failing(signal: String, group: String, scope: Scope, statistic: Statistic)
    case recovered(signal: String, group: String, scope: Scope)
    /// A unit could not judge; its policy says what follows.
    case silent(signal: String, group: String, scope: Scope, reason: Silence, policy: NoDataPolicy)
    case proposed(proposalID: String, action: ActionIntent, mode: FailureMode)
    /// A failing signal joined an open proposal of the same cause.
    case joined(proposalID: String, signal: String)
    /// A signal failed for a cause a person rejected: not proposed until the mute ends.
    case muted(signal: String, group: String, rejected: String, until: EventTime)
    case decided(proposalID: String, verdict: Decision.Verdict, by: String)
    /// The `auto_after` countdown ran out with nobody rejecting it.
    case autoExecuted(proposalID: String)
    /// Nobody answered within the escalation ladder's time.
    case escalated(proposalID: String, unansweredFor: Duration)
    /// A later rung of the escalation ladder paged (`hook` nil: `escalate`).
    case repaged(proposalID: String, step: Int, hook: String?)
    /// A page was taken back: the proposal was decided, or its signals recovered.
    case pageResolved(proposalID: String, hook: String?, reason: EscalationPage.ResolveReason)
    /// Escalated as soon as proposed (belief drift).
    case escalatedAtOnce(proposalID: String, mode: FailureMode)
    case outcome(proposalID: String, succeeded: Bool, detail: String)
    /// A snooze ran out; the proposal is back in the queue.
    case snoozeEnded(proposalID: String)
    /// A verdict on an executed action; the proposal's id when the verdict
    /// came from its verification, nil when a failure found it still in force.
    case verification(VerificationResult, proposalID: String?)

    /// Why a unit could not judge.
    public enum Silence: Hashable, Sendable {
        case inconclusive
        case noData
    }
}
