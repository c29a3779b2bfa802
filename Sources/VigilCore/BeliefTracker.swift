/// Joins what agents believe about the world with what the world says.
struct BeliefTracker: Sendable {
    struct Contradiction: Hashable, Sendable {
        var truth: String
        var since: EventTime
    }
    private var truth: [String: (value: String, since: EventTime)] = [:]

    mutating func observe(state: StateEvent, at t: EventTime) {
        if truth[state.key]?.value != state.value { truth[state.key] = (state.value, t) }
    }

    /// A contradiction when the agent's belief differs from the known truth.
    func observe(belief: BeliefEvent, at t: EventTime) -> Contradiction? {
        guard let known = truth[belief.key], known.value != belief.believed else { return nil }
        return Contradiction(truth: known.value, since: known.since)
    }
}
