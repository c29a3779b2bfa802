import VigilCore
import VigilWording

/// The order proposals appear in the queue, shared by the reducer (which
/// moves the selection) and the renderer (which draws it), so both always
/// agree on what "next" means.
public enum ProposalQueue {
    /// Open proposals first, across deployments, ordered as the fleet
    /// orders deployments (`urgency`): escalated before pending, then the
    /// largest blast radius, then the one waiting longest. Then decided
    /// ones, newest first.
    public static func ordered(_ model: DashboardModel, filter: String) -> [Proposal] {
        let shown = model.core.proposals.filter { matches($0, filter) }
        let open = shown.filter { $0.isOpen }.sorted { urgency($0) < urgency($1) }
        let closed = shown.filter { !$0.isOpen }
            .sorted { ($0.decidedAt ?? $0.createdAt) > ($1.decidedAt ?? $1.createdAt) }
        return open + closed
    }

    /// An open proposal's place in the queue.
    public static func urgency(_ p: Proposal) -> Urgency {
        Urgency(severity: p.status == .escalated ? 0 : 1, blast: p.blastRadius.trafficPercent,
                since: p.createdAt.milliseconds, name: p.id)
    }

    static func matches(_ p: Proposal, _ filter: String) -> Bool {
        guard !filter.isEmpty else { return true }
        let needle = filter.lowercased()
        return [p.id, Wording.title(p), p.group, p.signal, p.failureMode.rawValue, p.status.rawValue]
            .contains { $0.lowercased().contains(needle) }
    }
}

/// The order signals appear in, across the four panels.
public enum SignalList {
    /// Signals in panel order (family), then the core's order within a family.
    public static func ordered(_ model: DashboardModel, filter: String) -> [SignalState] {
        let shown = model.core.signals.filter { matches($0, filter) }
        return SignalFamily.allCases.flatMap { f in shown.filter { $0.family == f } }
    }

    static func matches(_ s: SignalState, _ filter: String) -> Bool {
        guard !filter.isEmpty else { return true }
        let needle = filter.lowercased()
        return [s.signal, s.metric, s.group, Wording.scope(s.scope)].contains { $0.lowercased().contains(needle) }
    }
}

/// The timeline entries a filter keeps, in the core's order: those whose
/// words or kind contain it, ignoring case.
public enum TimelineFilter {
    public static func matching(_ core: CoreSnapshot, _ filter: String) -> [TimelineEntry] {
        guard !filter.isEmpty else { return core.timeline }
        let needle = filter.lowercased()
        return core.timeline.filter {
            Wording.timeline($0.fact).lowercased().contains(needle) || $0.kind.rawValue.contains(needle)
        }
    }
}

/// How much of each list a filter keeps, for the input row to say.
public struct FilterCount: Sendable, Hashable {
    public var signals: (shown: Int, of: Int)
    public var proposals: (shown: Int, of: Int)
    public var timeline: (shown: Int, of: Int)

    public init(_ model: DashboardModel, filter: String) {
        signals = (SignalList.ordered(model, filter: filter).count, model.core.signals.count)
        proposals = (ProposalQueue.ordered(model, filter: filter).count, model.core.proposals.count)
        timeline = (TimelineFilter.matching(model.core, filter).count, model.core.timeline.count)
    }

    /// `3/12 signals · 1/2 proposals · 2/9 events`.
    public var text: String {
        "\(signals.shown)/\(signals.of) signals · \(proposals.shown)/\(proposals.of) proposals · "
            + "\(timeline.shown)/\(timeline.of) events"
    }

    public static func == (a: FilterCount, b: FilterCount) -> Bool { a.text == b.text }
    public func hash(into h: inout Hasher) { h.combine(text) }
}

extension Proposal {
    /// Still waiting for a person: the only proposals `y`, `n` and `s` act on.
    public var isOpen: Bool { status == .pending || status == .escalated }
}
