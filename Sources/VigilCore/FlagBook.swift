/// How the core believes each flag stands, and the recent deploys a failure
/// may be blamed on. Deploy events set a flag; executed actions move it, so
/// the next proposal starts from the flag as it now is.
struct FlagBook: Sendable {
    /// Deploys kept for blame; older ones are beyond any `recent_change` in use.
    static let deployMemory = 256

    /// Every flag seen, in first-seen order (the snapshot's order).
    private(set) var states: [FlagState] = []
    private var index: [String: Int] = [:]
    private var deploys: [DeployRecord] = []

    func state(of flag: String) -> FlagState? {
        index[flag].map { states[$0] }
    }

    func states(in group: String) -> [FlagState] {
        states.filter { $0.group == group }
    }

    /// A deploy sets its flag: all of the traffic to the new variant, or a
    /// canary share of it when the deploy has a weight under 100.
    mutating func record(_ d: DeployEvent, group: String, at t: EventTime) {
        deploys.append(DeployRecord(time: t, group: group, event: d))
        if deploys.count > Self.deployMemory { deploys.removeFirst(deploys.count - Self.deployMemory) }
        let partial = (d.weight ?? 100) < 100
        let previous = state(of: d.flag)
        let state = FlagState(
            flag: d.flag, group: group,
            primary: partial ? (d.from ?? previous?.primary ?? d.to) : d.to,
            canary: partial ? d.to : nil,
            canaryPercent: partial ? (d.weight ?? 0) : 0,
            changedAt: t)
        if let i = index[d.flag] { states[i] = state } else {
            index[d.flag] = states.count
            states.append(state)
        }
    }

    /// Every deploy in a group no older than `within` at `t`, newest first:
    /// the changes a failure there may be blamed on (`Blame`).
    func recentDeploys(in group: String, at t: EventTime, within: Duration) -> [DeployRecord] {
        deploys.reversed().filter { $0.group == group && t.since($0.time) <= within && $0.time <= t }
    }

    /// An executed action moves its flag the way the action file now says.
    mutating func apply(_ a: ActionIntent, at t: EventTime) {
        guard let f = a.flag, let i = index[f] else { return }
        switch a.kind {
        case .trafficShift:
            if let top = a.weights.max(by: { $0.percent < $1.percent }) { states[i].primary = top.variant }
            let others = a.weights.filter { $0.variant != states[i].primary }
            let c = others.first { $0.percent > 0 }
            states[i].canary = c?.variant
            states[i].canaryPercent = c?.percent ?? 0
        case .rollback, .degrade:
            if let v = a.variant { states[i].primary = v }
            states[i].canary = nil
            states[i].canaryPercent = 0
        case .restrict, .escalate: return
        }
        states[i].changedAt = t
    }
}
