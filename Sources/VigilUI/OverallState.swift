import VigilCore

/// What needs a person across every deployment, in numbers: the header
/// shows it on every screen and the window title carries it, so a pane in
/// the background still says whether to look.
public struct OverallState: Sendable, Hashable {
    /// Signals failing now.
    public var failing: Int
    /// Proposals waiting for a decision (pending or escalated).
    public var pending: Int
    /// Proposals whose action failed.
    public var failedActions: Int

    public init(_ model: DashboardModel) {
        failing = model.core.signals.filter { $0.status == .failing }.count
        pending = model.core.proposals.filter(\.isOpen).count
        failedActions = model.core.proposals.filter { $0.status == .failed }.count
    }

    /// The counts that are not zero, most urgent first: `1 pending · 2
    /// failing · 1 action failed`; `all clear` when none are.
    public var summary: String {
        var parts: [String] = []
        if pending > 0 { parts.append("\(pending) pending") }
        if failing > 0 { parts.append("\(failing) failing") }
        if failedActions > 0 { parts.append(failedActions == 1 ? "1 action failed" : "\(failedActions) actions failed") }
        return parts.isEmpty ? "all clear" : parts.joined(separator: " · ")
    }

    /// The terminal window's (and tmux pane's) title.
    public var windowTitle: String { "Vigil: " + summary }
}
