/// The graduated responses Vigil can propose, cheapest blast radius first in
/// no particular order; the judgment layer ranks them per problem.
public enum ResponseKind: String, Hashable, Sendable, CaseIterable {
    case rollback
    case trafficShift = "traffic_shift"
    case degrade
    case restrict
    case escalate
}

public enum FailureMode: String, Hashable, Sendable {
    case infrastructure
    case qualityRegression = "quality_regression"
    case behavioralDegradation = "behavioral_degradation"
    case dataDrift = "data_drift"
    case agentBeliefDrift = "agent_belief_drift"
}

/// A variant and the percent of traffic it gets.
public struct VariantWeight: Hashable, Sendable {
    public var variant: String
    public var percent: Double
    public init(_ variant: String, _ percent: Double) { self.variant = variant; self.percent = percent }
}

/// What an action should do to the world; the actions module carries it out.
public struct ActionIntent: Hashable, Sendable {
    public var kind: ResponseKind
    /// The flag to change, if the action changes one.
    public var flag: String?
    /// The default variant to set (rollback, degrade).
    public var variant: String?
    /// The split to set (traffic shift).
    public var weights: [VariantWeight]
    /// What the action is for; worded by VigilWording as the line a person
    /// reads ("shift canary traffic of support-agent.model to 0%").
    public var summary: ActionSummary

    public init(kind: ResponseKind, flag: String? = nil, variant: String? = nil,
                weights: [VariantWeight] = [], summary: ActionSummary) {
        self.kind = kind; self.flag = flag; self.variant = variant; self.weights = weights
        self.summary = summary
    }
}

/// The numbers behind a proposal.
public struct Evidence: Hashable, Sendable {
    public var signal: String
    public var metric: String
    public var group: String
    public var value: Double
    public var baseline: Double?
    public var threshold: Double?
    /// The detector's test statistic when it was judged.
    public var statistic: Statistic
    public var samples: Int
    public var baselineSamples: Int
    /// When the breach began and when it was judged.
    public var since: EventTime
    public var at: EventTime
    /// The change blamed: the best-ranked of `changes`, when its timing
    /// explains the failure at all (`Blame`).
    public var deploy: DeployRecord?
    /// When the failing series changed, estimated from its recent values.
    public var changePoint: ChangePoint?
    /// Every change in the deployment within `recent_change`, best
    /// explanation first: the blamed one and the others, named.
    public var changes: [ChangeExplanation]

    public init(signal: String, metric: String, group: String, value: Double, baseline: Double?,
                threshold: Double?, statistic: Statistic, samples: Int, baselineSamples: Int,
                since: EventTime, at: EventTime, deploy: DeployRecord?, changePoint: ChangePoint? = nil,
                changes: [ChangeExplanation] = []) {
        self.signal = signal; self.metric = metric; self.group = group; self.value = value
        self.baseline = baseline; self.threshold = threshold; self.statistic = statistic
        self.samples = samples; self.baselineSamples = baselineSamples; self.since = since
        self.at = at; self.deploy = deploy; self.changePoint = changePoint; self.changes = changes
    }
}

/// An alternative the judgment layer ranked lower, and why.
public struct Alternative: Hashable, Sendable {
    public var action: ActionIntent
    public var reason: ResponseReason
    /// The numbers it was ranked by; nil for responses left out.
    public var cost: ResponseCost?
    public init(action: ActionIntent, reason: ResponseReason, cost: ResponseCost? = nil) {
        self.action = action; self.reason = reason; self.cost = cost
    }
}

public struct BlastRadius: Hashable, Sendable {
    /// Percent of the deployment's traffic on the affected variant.
    public var trafficPercent: Double
    /// Requests per minute on the affected variant(s), when the data says.
    public var requestsPerMinute: Double?
    /// Deployments (and agents) touched.
    public var deployments: [String]
    public init(trafficPercent: Double, requestsPerMinute: Double? = nil, deployments: [String]) {
        self.trafficPercent = trafficPercent; self.requestsPerMinute = requestsPerMinute
        self.deployments = deployments
    }
}

public enum ProposalStatus: String, Hashable, Sendable {
    case pending, confirmed, rejected, snoozed, executed, failed, escalated

    /// Nobody has decided it yet: later failures of its cause join it.
    public var isOpen: Bool { self == .pending || self == .snoozed || self == .escalated }
}

/// What the core proposes to a person: an action, its evidence, and the
/// alternatives it ranked lower.
public struct Proposal: Hashable, Sendable, Identifiable {
    /// Deterministic: the n-th proposal of a run is `P<n>`, counted on from
    /// the ledger's last when a run continues one.
    public var id: String
    public var createdAt: EventTime
    public var group: String
    public var signal: String
    public var failureMode: FailureMode
    /// What the proposal is about: deployment, blamed change, failure mode.
    /// Later failures with the same cause join it; others get their own.
    public var cause: Cause
    public var action: ActionIntent
    /// One entry per signal of the cause, the first to read first.
    public var evidence: [Evidence]
    public var alternatives: [Alternative]
    public var blastRadius: BlastRadius
    public var status: ProposalStatus
    /// Who decided and when, once decided.
    public var decidedBy: String?
    public var decidedAt: EventTime?
    public var outcome: String?
    /// When the action's outcome was recorded.
    public var outcomeAt: EventTime?
    /// Why the first action ranks first.
    public var rationale: ResponseReason?
    /// The numbers the first action was ranked by (the alternatives carry theirs).
    public var cost: ResponseCost?
    /// Things a person must know, e.g. that rollback does not reset an agent's beliefs.
    public var notes: [ProposalNote] = []
    /// When the proposal executes itself unless rejected (`auto_after`).
    public var autoExecuteAt: EventTime?
    /// When an unanswered proposal escalates (the escalation ladder).
    public var escalatesAt: EventTime?
    /// After execution: what the signals that caused it did; nil until known.
    public var verification: VerificationResult?
    /// While snoozed: when it comes back by itself.
    public var snoozedUntil: EventTime?
    /// While snoozed or rejected: the countdowns it had left, resumed when the
    /// snooze ends or the rejection is undone.
    public var paused: PausedClocks?
    /// The response confirmed by its number when it was not the proposed one
    /// (`action` is then that response; the proposed one moved into its place
    /// among the alternatives).
    public var chosenResponse: Int?
    /// The proposal whose executed action did not work, when this one is the
    /// next step the core raised by itself.
    public var followUpOf: String?

    /// After execution: did the signals that caused it recover? nil until known.
    public var worked: Bool? { verification?.worked }

    public init(id: String, createdAt: EventTime, group: String, signal: String, failureMode: FailureMode,
                action: ActionIntent, evidence: [Evidence], alternatives: [Alternative] = [],
                blastRadius: BlastRadius, status: ProposalStatus = .pending, decidedBy: String? = nil,
                decidedAt: EventTime? = nil, outcome: String? = nil, cause: Cause? = nil) {
        self.id = id; self.createdAt = createdAt; self.group = group; self.signal = signal
        self.failureMode = failureMode; self.action = action; self.evidence = evidence
        self.cause = cause ?? Cause(group: group, change: evidence.first?.deploy.map {
            Cause.Change(flag: $0.event.flag, variant: $0.event.to)
        }, mode: failureMode)
        self.alternatives = alternatives; self.blastRadius = blastRadius; self.status = status
        self.decidedBy = decidedBy; self.decidedAt = decidedAt; self.outcome = outcome
    }

}
