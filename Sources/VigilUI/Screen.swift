import VigilCore

/// Identifies one signal row (one detector unit) across snapshots, so a
/// selection stays on the same signal when new signals appear and the list
/// reorders; an index would silently move to a different signal.
public struct SignalID: Sendable, Hashable {
    public var signal: String
    public var group: String
    public var scope: Scope

    public init(signal: String, group: String, scope: Scope) {
        self.signal = signal; self.group = group; self.scope = scope
    }

    public init(_ state: SignalState) {
        self.init(signal: state.signal, group: state.group, scope: state.scope)
    }

    public func matches(_ state: SignalState) -> Bool {
        state.signal == signal && state.group == group && state.scope == scope
    }
}

/// The screens of the dashboard.
public enum Screen: Sendable, Hashable {
    /// With more than one deployment, the first screen: one row per
    /// deployment, most urgent first, and the proposals of all of them.
    case fleet
    /// One deployment's signals and proposals (`ViewState.deployment`), or
    /// everything when only one deployment is watched.
    case overview
    /// Details of one proposal, by proposal id.
    case proposal(String)
    /// Details of one signal.
    case signal(SignalID)
    /// The timeline and the decisions taken.
    case ledger
    /// Health of every input source: lines, records, bad lines, lag.
    case sources
    /// The keys of the screen underneath.
    case help
    /// Everything said this session, newest first.
    case messages
}
