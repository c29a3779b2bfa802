/// How urgent something is, for ordering deployments on the fleet overview
/// and proposals in the queue the same way: the worst state first, then the
/// largest share of traffic at risk, then what has waited longest, then by
/// name so the order never depends on arrival.
public struct Urgency: Comparable, Sendable, Hashable {
    /// 0 is the worst (see `Fleet.severity`).
    public var severity: Int
    /// Percent of traffic at risk (the blast radius); larger first.
    public var blast: Double
    /// When it started, in event-time milliseconds; earlier first, unknown last.
    public var since: Int64
    public var name: String

    public init(severity: Int, blast: Double, since: Int64?, name: String) {
        self.severity = severity
        self.blast = blast.isFinite ? blast : 0
        self.since = since ?? .max
        self.name = name
    }

    public static func < (a: Urgency, b: Urgency) -> Bool {
        if a.severity != b.severity { return a.severity < b.severity }
        if a.blast != b.blast { return a.blast > b.blast }
        if a.since != b.since { return a.since < b.since }
        return a.name < b.name
    }
}
