import VigilCore

extension Wording {
    /// Why a response ranks where it does, in one clause a person reads.
    public static func reason(_ r: ResponseReason) -> String {
        switch r {
        case .stopsActingOnFalseBelief: return "stops the agent acting on a false belief without stopping the agent"
        case .personMustCorrectBelief: return "a person must correct what the agent believes"
        case .rollbackKeepsBeliefs: return "rollback does not reset a stateful agent's beliefs; it would act on them again"
        case .silenceEscalates: return "the signal has gone silent and its policy says escalate"
        case .noRecentChangeToBlame: return "no recent change to blame; a person must judge"
        case .shiftStopsExposure: return "stops exposure at once with the smallest change; the canary stays deployed for diagnosis"
        case .rollbackIsTheFloor: return "the floor: a failure right after a change is reverted first"
        case .rollbackCostsTheRollout: return "reverts the change entirely; costs the rollout and a redeploy to retry"
        case .escalationChangesNothing: return "pages a person; changes nothing by itself"
        case .nothingChangedToRevert: return "nothing changed recently to revert; a person must judge"
        case .inputsChanged: return "someone must find why the inputs changed"
        case .fallbackServes: return "a simpler, reliable variant serves affected requests while the cause is found"
        case .secondaryCosts: return "moves requests to another model; costs its price and latency"
        case .failureCostsLessThanActing:
            return "the failing requests while a person looks cost less than any action here (numbers below)"
        case .noDeployToRevert(let group, let within):
            return "no deploy in \(group) within \(within): nothing to revert, and rollback fixes nothing under data drift"
        }
    }

    /// A note on a proposal, as a sentence.
    public static func note(_ n: ProposalNote) -> String {
        switch n {
        case .falseBeliefStaysInMemory:
            return "The agent's memory still holds the false belief: restriction contains it, a person must correct it."
        }
    }
}
