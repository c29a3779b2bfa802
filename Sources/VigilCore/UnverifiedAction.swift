/// An action an earlier run executed and never judged: the watch stopped
/// between the action and its verdict. A new run is given it at start, so
/// that the verdict is still found and ledgered (decision 0031).
///
/// It holds only what the verdict is judged by: which signals of which
/// deployment the action was for, and when it was done. The earlier run's
/// proposal (its evidence, its alternatives) stays in the ledger; the new
/// run does not rebuild it.
public struct UnverifiedAction: Hashable, Sendable {
    /// The earlier run's proposal id (`P3`): the verdict is about its action.
    public var proposalID: String
    public var group: String
    /// The signals the proposal was raised on.
    public var signals: [String]
    /// When the action's outcome was recorded: the verification delay runs from here.
    public var executedAt: EventTime

    public init(proposalID: String, group: String, signals: [String], executedAt: EventTime) {
        self.proposalID = proposalID; self.group = group; self.signals = signals; self.executedAt = executedAt
    }
}
