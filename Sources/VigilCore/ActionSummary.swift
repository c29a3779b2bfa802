/// What an action is for, as values: the judgment layer says which response
/// it chose and on what; VigilWording turns it into the one line a person
/// reads ("shift canary traffic of support-agent.model to 0%").
public enum ActionSummary: Hashable, Sendable {
    /// Page a person about a deployment.
    case escalate(group: String)
    /// Turn a capability flag off.
    case turnOff(flag: String)
    /// A rollback deliberately not proposed (listed with the reason why).
    case rollbackNotProposed(flag: String?)
    /// Move the canary's share of a flag to 0%.
    case shiftCanaryToZero(flag: String)
    case rollback(flag: String, to: String)
    /// Serve a flag's simpler fallback variant.
    case degrade(flag: String, to: String)
    /// Move a flag's traffic to its secondary variant.
    case shiftToSecondary(flag: String, to: String)
    /// A replay re-applying a deploy from its recording to its flag file;
    /// `percent` is the new variant's share when the deploy was partial.
    case recordedDeploy(flag: String, to: String, percent: Double?)
}
