import VigilCore

extension Wording {
    /// The one line a person reads for an action, also a proposal's title:
    /// `shift canary traffic of support-agent.model to 0%`.
    public static func summary(_ a: ActionIntent) -> String {
        switch a.summary {
        case .escalate(let group): return "escalate \(group) to a human"
        case .turnOff(let flag): return "restrict \(flag): turn it off"
        case .rollbackNotProposed(let flag?): return "roll back \(flag) (not proposed)"
        case .rollbackNotProposed(nil): return "roll back (not proposed)"
        case .shiftCanaryToZero(let flag): return "shift canary traffic of \(flag) to 0%"
        case .rollback(let flag, let to): return "roll back \(flag) to \(to)"
        case .degrade(let flag, let to): return "degrade \(flag) to fallback \(to)"
        case .shiftToSecondary(let flag, let to): return "shift traffic of \(flag) to secondary \(to)"
        case .recordedDeploy(let flag, let to, let percent?): return "recorded deploy: \(flag) \(to) at \(formatNumber(percent))%"
        case .recordedDeploy(let flag, let to, nil): return "recorded deploy: \(flag) → \(to)"
        }
    }

    /// A proposal's title: its action's summary.
    public static func title(_ p: Proposal) -> String { summary(p.action) }

    /// The kind of response in a few words: `shift traffic`, `roll back`.
    public static func kind(_ k: ResponseKind) -> String {
        switch k {
        case .rollback: return "roll back"
        case .trafficShift: return "shift traffic"
        case .degrade: return "degrade gracefully"
        case .restrict: return "restrict capability"
        case .escalate: return "escalate to a human"
        }
    }
}
