public enum SignalStatus: String, Hashable, Sendable {
    /// Fewer samples than the detector needs to judge.
    case warmingUp = "warming_up"
    case ok
    /// Breaching, but not yet for long enough.
    case breaching
    case failing
    case noData = "no_data"
}

/// One signal of one deployment as the dashboard shows it.
public struct SignalState: Hashable, Sendable {
    public var signal: String
    public var metric: String
    public var family: SignalFamily
    public var group: String
    /// The variant for threshold signals; the canary comparison for canary ones.
    public var scope: Scope
    public var status: SignalStatus
    public var value: Double?
    public var baseline: Double?
    public var threshold: Double?
    public var statistic: Statistic
    public var samples: Int
    public var lastSeen: EventTime?
    public var noDataPolicy: NoDataPolicy
    public var critical: Bool
    public var history: [Double]
    public var baselineHistory: [Double]
    /// What the policy does when the detector stays inconclusive: with
    /// `hold` an inconclusive signal is shown as held, never as an alert.
    public var inconclusivePolicy: NoDataPolicy = .hold
}

/// A flag as the core believes it stands, from deploy events and actions.
public struct FlagState: Hashable, Sendable {
    public var flag: String
    public var group: String?
    /// The variant most traffic gets.
    public var primary: String
    /// The variant on trial and its share of traffic, if a rollout is partial.
    public var canary: String?
    public var canaryPercent: Double
    public var changedAt: EventTime
}

public enum TimelineKind: String, Hashable, Sendable {
    case deploy, alert, recovery, proposal, decision, outcome, belief
}

public struct TimelineEntry: Hashable, Sendable {
    public var time: EventTime
    public var kind: TimelineKind
    public var fact: TimelineFact

    public init(time: EventTime, kind: TimelineKind, fact: TimelineFact) {
        self.time = time; self.kind = kind; self.fact = fact
    }
}

/// Everything the core knows, frozen: what the UI and the headless printer read.
public struct CoreSnapshot: Hashable, Sendable {
    public var eventTime: EventTime?
    public var signals: [SignalState]
    public var flags: [FlagState]
    public var proposals: [Proposal]
    public var timeline: [TimelineEntry]
    public var samplesApplied: Int
    public var eventsApplied: Int
    /// The most groups the core judges (`Governor.groupCap`), the distinct
    /// groups beyond it, and their samples and belief events, counted and
    /// not judged (docs/operations.md, "Limits").
    public var groupCap = 0
    public var groupsOverCap = 0
    public var recordsOverCap = 0

    public static let empty = CoreSnapshot(eventTime: nil, signals: [], flags: [], proposals: [],
                                           timeline: [], samplesApplied: 0, eventsApplied: 0)
}

/// What the core says happened as a result of one input; the headless
/// printer writes these as JSON Lines, the ledger and UI react to them.
public enum CoreOutput: Hashable, Sendable {
    case alert(signal: String, group: String, scope: Scope, at: EventTime, detail: Statistic)
    case recovered(signal: String, group: String, scope: Scope, at: EventTime)
    case proposal(Proposal)
    /// A page to send or take back (the escalation ladder).
    case escalation(EscalationPage)
    /// A proposal's `auto_after` countdown ran out with nobody rejecting it:
    /// the app records an auto-executed decision and runs the action.
    case autoExecute(proposalID: String, at: EventTime)
    /// A snooze ran out: the proposal is back in the queue and its paused
    /// countdowns run on with the time they had left.
    case snoozeEnded(proposalID: String, at: EventTime)
    /// The verdict on an executed action changed: its first verdict, or
    /// worked turned not working (which is final). Once per change, not per
    /// finding, so the ledger holds each verdict once.
    case verification(proposalID: String, result: VerificationResult, at: EventTime)
}

/// A person's (or the policy's) answer to a proposal, fed back into the core
/// so that replays of the same inputs and decisions give the same state.
public struct Decision: Hashable, Sendable {
    public enum Verdict: String, Hashable, Sendable {
        case confirmed, rejected, snoozed
        case autoExecuted = "auto_executed"
        /// Takes back a rejection: the proposal is open again, its
        /// countdowns resume with the time they had left.
        case undone
    }
    /// How long `s` snoozes when no duration is given.
    public static let defaultSnooze = Duration.minutes(10)

    public var proposalID: String
    public var verdict: Verdict
    public var operatorName: String
    public var time: EventTime
    /// When a snooze ends (event time); nil: `defaultSnooze` after `time`.
    public var snoozedUntil: EventTime?
    /// The ranked response confirmed, by its number on the details screen
    /// (1 is the proposed action, 2… the alternatives); nil: the proposed one.
    public var response: Int?

    public init(proposalID: String, verdict: Verdict, operatorName: String, time: EventTime,
                snoozedUntil: EventTime? = nil, response: Int? = nil) {
        self.proposalID = proposalID; self.verdict = verdict; self.operatorName = operatorName
        self.time = time; self.snoozedUntil = snoozedUntil; self.response = response
    }
}

/// The result of carrying out a confirmed action.
public struct ActionOutcome: Hashable, Sendable {
    public var proposalID: String
    public var succeeded: Bool
    public var detail: String
    public var time: EventTime
    public init(proposalID: String, succeeded: Bool, detail: String, time: EventTime) {
        self.proposalID = proposalID; self.succeeded = succeeded; self.detail = detail; self.time = time
    }
}
