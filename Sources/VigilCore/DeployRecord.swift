/// A deploy as the core remembers it: when, in which deployment, and what
/// changed. Evidence carries it so a reader can see what a breach is blamed on.
public struct DeployRecord: Hashable, Sendable {
    public var time: EventTime
    public var group: String
    public var event: DeployEvent

    public init(time: EventTime, group: String, event: DeployEvent) {
        self.time = time; self.group = group; self.event = event
    }
}
