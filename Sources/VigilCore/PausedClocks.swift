/// A proposal's countdowns held while it is snoozed or rejected: the time
/// each had left, and the status it returns to. A snooze that cancelled the
/// `auto_after` countdown or the escalation would let a problem that is still
/// failing wait for ever; holding them means a snooze only buys the time it
/// says (docs/policy.md, "Snooze").
public struct PausedClocks: Hashable, Sendable {
    /// What was left of the `auto_after` countdown.
    public var autoExecuteIn: Duration?
    /// What was left until the escalation.
    public var escalatesIn: Duration?
    /// The status it had: pending, or escalated (already paged).
    public var resumeAs: ProposalStatus
}

extension Proposal {
    /// Holds the countdowns at event time `t` (a second hold keeps the first:
    /// re-snoozing does not reset what was left).
    mutating func pauseClocks(at t: EventTime) {
        if paused == nil {
            let left = { (due: EventTime) in max(Duration.zero, due.since(t)) }
            paused = PausedClocks(autoExecuteIn: autoExecuteAt.map(left),
                                  escalatesIn: status == .pending ? escalatesAt.map(left) : nil,
                                  resumeAs: status == .escalated ? .escalated : .pending)
        }
        autoExecuteAt = nil
        if status == .pending { escalatesAt = nil }
    }

    /// Lets the held countdowns run on from `t` with the time they had left.
    mutating func resumeClocks(at t: EventTime) {
        guard let held = paused else { return }
        status = held.resumeAs
        if let left = held.autoExecuteIn { autoExecuteAt = t.adding(left) }
        if let left = held.escalatesIn { escalatesAt = t.adding(left) }
        paused = nil
        snoozedUntil = nil
    }

    /// The responses a person may confirm, numbered as the details screen
    /// shows them: 1 is the proposed action, 2… the ranked alternatives.
    /// Responses the judgment deliberately left out are not among them.
    public var responses: [ActionIntent] {
        [action] + alternatives.map(\.action).filter(\.isProposable)
    }

    /// Makes response `number` the action to run; the proposed one takes its
    /// place among the alternatives. False when there is no such response.
    mutating func choose(response number: Int) -> Bool {
        guard number >= 1, number <= responses.count else { return false }
        guard number > 1 else { return true }
        let chosen = responses[number - 1]
        guard let slot = alternatives.firstIndex(where: { $0.action == chosen }) else { return false }
        let picked = alternatives[slot]
        alternatives[slot] = Alternative(action: action, reason: rationale ?? picked.reason, cost: cost)
        action = chosen
        rationale = picked.reason
        cost = picked.cost
        chosenResponse = number
        return true
    }

    /// The response to try after this one's executed action did not work:
    /// the best-ranked alternative that is a different action and does not
    /// repeat it (after a rollback of a flag, shifting that flag's canary to
    /// 0% serves the same variant). Nil when only escalation is left.
    var nextBest: Alternative? {
        alternatives.first { alt in
            let a = alt.action
            let subsumed = action.kind == .rollback && a.kind == .trafficShift && a.flag == action.flag
            return a.isProposable && a != action && a.kind != .escalate && !subsumed
        }
    }
}

extension ActionIntent {
    /// False for a response listed only to say why it was left out.
    public var isProposable: Bool {
        if case .rollbackNotProposed = summary { return false }
        return true
    }
}
