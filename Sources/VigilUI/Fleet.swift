import VigilCore

/// One deployment as the fleet overview shows it.
public struct FleetRow: Sendable, Hashable {
    public var deployment: String
    /// Flags of the deployment with a rollout in progress: part of the
    /// traffic on a variant on trial.
    public var rollouts: [FlagState]
    /// The signal in the worst state, nil when the deployment has none.
    public var worst: SignalState?
    /// Open proposals (pending or escalated), and how many of them escalated.
    public var open: Int
    public var escalated: Int
    /// The deployment's latest flag change.
    public var changedAt: EventTime?
    /// When its oldest open proposal was made.
    public var oldestOpen: EventTime?
    /// Percent of traffic at risk: the largest blast radius of its open
    /// proposals, else the share of traffic on variants on trial.
    public var blast: Double

    public var urgency: Urgency {
        Urgency(severity: Fleet.severity(of: self), blast: blast, since: oldestOpen?.milliseconds, name: deployment)
    }
}

/// The fleet: every watched deployment, most urgent first. Pure: the same
/// snapshot always gives the same rows in the same order.
public enum Fleet {
    /// Deployments in the order the core first mentions them (flags, then
    /// signals, then proposals).
    public static func deployments(_ core: CoreSnapshot) -> [String] {
        var seen: [String] = []
        var known = Set<String>()
        for g in core.flags.compactMap(\.group) + core.signals.map(\.group) + core.proposals.map(\.group)
        where known.insert(g).inserted {
            seen.append(g)
        }
        return seen
    }

    /// More than one deployment is watched: stops at the second it finds,
    /// since the view state asks this of every model it is shown.
    public static func hasSeveral(_ core: CoreSnapshot) -> Bool {
        var first: String?
        func differs(_ g: String?) -> Bool {
            guard let g else { return false }
            if let f = first { return f != g }
            first = g
            return false
        }
        return core.flags.contains { differs($0.group) } || core.signals.contains { differs($0.group) }
            || core.proposals.contains { differs($0.group) }
    }

    /// One row per deployment whose name contains `filter` (any case), most
    /// urgent first (`ordered`).
    public static func rows(_ core: CoreSnapshot, filter: String = "") -> [FleetRow] {
        let needle = filter.lowercased()
        // Grouped once, so a fleet of thousands of deployments costs one pass.
        let flags = Dictionary(grouping: core.flags.filter { $0.group != nil }, by: { $0.group ?? "" })
        let signals = Dictionary(grouping: core.signals, by: \.group)
        let proposals = Dictionary(grouping: core.proposals.filter(\.isOpen), by: \.group)
        return ordered(deployments(core).filter { needle.isEmpty || $0.lowercased().contains(needle) }.map {
            row($0, flags: flags[$0] ?? [], signals: signals[$0] ?? [], open: proposals[$0] ?? [])
        })
    }

    /// Worst state first, then the largest share of traffic at risk, then
    /// the longest-waiting open proposal, then by name.
    public static func ordered(_ rows: [FleetRow]) -> [FleetRow] {
        rows.sorted { $0.urgency < $1.urgency }
    }

    /// 0 an escalated proposal · 1 a failing signal or a pending proposal ·
    /// 2 breaching · 3 no data · 4 inconclusive, held · 5 warming up · 6 all OK.
    public static func severity(of row: FleetRow) -> Int {
        if row.escalated > 0 { return 0 }
        let signal = row.worst.map { StatusBadge($0).severity + 1 } ?? 6
        return row.open > 0 ? min(1, signal) : min(signal, 6)
    }

    static func row(_ deployment: String, flags: [FlagState], signals: [SignalState], open: [Proposal]) -> FleetRow {
        let rollouts = flags.filter { $0.canary != nil && $0.canaryPercent > 0 && $0.canaryPercent < 100 }
        let worst = signals.enumerated().min {
            (StatusBadge($0.element).severity, $0.offset) < (StatusBadge($1.element).severity, $1.offset)
        }?.element
        let blast = open.map(\.blastRadius.trafficPercent).max() ?? rollouts.map(\.canaryPercent).max() ?? 0
        return FleetRow(deployment: deployment, rollouts: rollouts, worst: worst, open: open.count,
                        escalated: open.filter { $0.status == .escalated }.count,
                        changedAt: flags.map(\.changedAt).max(), oldestOpen: open.map(\.createdAt).min(),
                        blast: blast)
    }
}

extension DashboardModel {
    /// The model as one deployment's screen shows it: its signals, flags,
    /// proposals and timeline only. Nil: everything.
    public func scoped(to deployment: String?) -> DashboardModel {
        guard let deployment else { return self }
        var m = self
        let proposals = core.proposals.filter { $0.group == deployment }
        let ids = Set(proposals.map(\.id))
        let flags = Set(core.flags.filter { $0.group == deployment }.map(\.flag))
        let allFlags = Set(core.flags.map(\.flag))
        let deployments = Set(Fleet.deployments(core))
        m.core.signals = core.signals.filter { $0.group == deployment }
        m.core.flags = core.flags.filter { $0.group == nil || $0.group == deployment }
        m.core.proposals = proposals
        m.core.timeline = core.timeline.filter { e in
            switch e.fact {
            case .deploy(let d): return flags.contains(d.flag) || !allFlags.contains(d.flag)
            case .failing(_, let g, _, _), .recovered(_, let g, _), .silent(_, let g, _, _, _),
                 .muted(_, let g, _, _): return g == deployment
            case .proposed(let id, _, _), .joined(let id, _), .decided(let id, _, _), .autoExecuted(let id),
                 .escalated(let id, _), .escalatedAtOnce(let id, _), .outcome(let id, _, _), .repaged(let id, _, _),
                 .pageResolved(let id, _, _), .snoozeEnded(let id):
                return ids.contains(id)
            case .verification(_, let id): return id.map(ids.contains) ?? true
            case .beliefContradicted(let c): return c.agent == deployment || !deployments.contains(c.agent)
            case .otherEvent: return true
            }
        }
        return m
    }
}
