/// What a response is expected to cost, in one unit: failed requests. A
/// response's own price (a rollback loses the rollout, a degrade costs
/// quality or money, a shift costs capacity) is declared in the policy as
/// the number of failed requests the team would rather suffer than pay it
/// (`costs:`, docs/policy.md "Cost ranking"); the failure's own price is the
/// requests per minute still failing times the minutes until the response
/// takes effect. The judgment layer ranks responses by the sum, so a large
/// blast radius favours acting now and a small one favours the cheaper step.
public struct ResponseCost: Hashable, Sendable {
    /// The policy's cost for the response's kind.
    public var declared: Double
    /// Requests per minute affected (the blast radius); nil when the data
    /// does not say.
    public var failingPerMinute: Double?
    /// How long the failure goes on under this response: none for a flag
    /// change, the escalation ladder's wait for a person.
    public var wait: Duration
    /// True when a rule keeps the response first whatever the numbers (the
    /// infrastructure floor, restriction under belief drift).
    public var pinned: Bool

    public init(declared: Double, failingPerMinute: Double?, wait: Duration, pinned: Bool = false) {
        self.declared = declared; self.failingPerMinute = failingPerMinute; self.wait = wait; self.pinned = pinned
    }

    /// Failed requests while the response takes effect; nil when the rate is unknown.
    public var harm: Double? {
        if wait == .zero { return 0 }
        return failingPerMinute.map { $0 * wait.seconds / 60 }
    }

    /// Declared cost plus harm; nil when the harm is unknown.
    public var total: Double? { harm.map { declared + $0 } }

    /// The documented defaults, in failed requests: reverting a whole change
    /// costs the most, escalating nothing by itself (its cost is the wait).
    public static let defaults: [ResponseKind: Double] = [
        .rollback: 1000, .trafficShift: 300, .degrade: 300, .restrict: 300, .escalate: 0,
    ]
}
