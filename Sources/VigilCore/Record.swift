/// One measured value of one series at one event time.
public struct Sample: Hashable, Sendable {
    public var time: EventTime
    public var metric: String
    public var value: Double
    public var labels: Labels

    public init(time: EventTime, metric: String, value: Double, labels: Labels = Labels()) {
        self.time = time; self.metric = metric; self.value = value; self.labels = labels
    }
}

/// A flag changed variant: `support-agent.model` from `v1` to `v2` on 10% of traffic.
public struct DeployEvent: Hashable, Sendable {
    public var flag: String
    public var from: String?
    public var to: String
    /// Percent of traffic on `to` (0...100); nil means all of it.
    public var weight: Double?

    public init(flag: String, from: String?, to: String, weight: Double? = nil) {
        self.flag = flag; self.from = from; self.to = to; self.weight = weight
    }
}

/// An agent acted on a belief about external state (`freeze.active` is `false`).
public struct BeliefEvent: Hashable, Sendable {
    public var agent: String
    public var key: String
    public var believed: String
    /// What the agent did on that belief, e.g. `db.write`.
    public var action: String?

    public init(agent: String, key: String, believed: String, action: String? = nil) {
        self.agent = agent; self.key = key; self.believed = believed; self.action = action
    }
}

/// Authoritative state of the world (`freeze.active` is `true` since 09:00).
public struct StateEvent: Hashable, Sendable {
    public var key: String
    public var value: String
    public init(key: String, value: String) { self.key = key; self.value = value }
}

public enum EventKind: Hashable, Sendable {
    case deploy(DeployEvent)
    case belief(BeliefEvent)
    case state(StateEvent)
    /// An event type the core does not interpret; kept for the timeline.
    case other(name: String)
}

public struct Event: Hashable, Sendable {
    public var time: EventTime
    public var kind: EventKind
    public var labels: Labels
    public init(time: EventTime, kind: EventKind, labels: Labels = Labels()) {
        self.time = time; self.kind = kind; self.labels = labels
    }
}

/// One line of a recording, as the core consumes it.
public enum Record: Hashable, Sendable {
    case sample(Sample)
    case event(Event)

    public var time: EventTime {
        switch self {
        case .sample(let s): return s.time
        case .event(let e): return e.time
        }
    }

    public var isEvent: Bool {
        if case .event = self { return true }
        return false
    }
}
