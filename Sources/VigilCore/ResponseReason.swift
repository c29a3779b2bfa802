/// Why the judgment layer ranked a response where it did, or left it out;
/// and what a person must know beyond the action. Values, so the dashboard
/// and the exporters word them (VigilWording) and tests check the reason,
/// not its sentence.
public enum ResponseReason: Hashable, Sendable {
    /// Restricting a capability stops an agent acting on a false belief.
    case stopsActingOnFalseBelief
    /// Only a person can correct what an agent believes.
    case personMustCorrectBelief
    /// Rolling back does not reset a stateful agent's beliefs.
    case rollbackKeepsBeliefs
    /// The signal went silent and its policy says escalate.
    case silenceEscalates
    /// No recent change to blame: a person must judge.
    case noRecentChangeToBlame
    /// Shifting the canary to 0% stops exposure with the smallest change.
    case shiftStopsExposure
    /// The floor: a failure right after a change is reverted first.
    case rollbackIsTheFloor
    /// Reverting costs the rollout and a redeploy to retry.
    case rollbackCostsTheRollout
    /// Escalating pages a person and changes nothing by itself.
    case escalationChangesNothing
    /// Nothing changed recently to revert.
    case nothingChangedToRevert
    /// Someone must find why the inputs changed.
    case inputsChanged
    /// A simpler, reliable variant serves while the cause is found.
    case fallbackServes
    /// Another model takes the requests, at its price and latency.
    case secondaryCosts
    /// The failure, over the wait for a person, costs less than any action.
    case failureCostsLessThanActing
    /// No deploy in the deployment within the recent-change window.
    case noDeployToRevert(group: String, within: Duration)
}

/// Something a person must know about a proposal beyond its action.
public enum ProposalNote: Hashable, Sendable {
    /// The agent's memory still holds the false belief after a restriction.
    case falseBeliefStaysInMemory
}
