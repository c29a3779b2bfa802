/// The recent history the dashboard and the ledger screen show: what the core
/// noticed, in event-time order. Bounded, because a long replay or a noisy
/// day must not grow the core's memory (or every snapshot) without limit;
/// the oldest entries go first, as the screens show only the latest.
struct Timeline: Sendable {
    static let capacity = 500

    private(set) var entries: [TimelineEntry] = []
    let capacity: Int

    init(capacity: Int = Timeline.capacity) { self.capacity = capacity }

    mutating func note(_ t: EventTime, _ kind: TimelineKind, _ fact: TimelineFact) {
        entries.append(TimelineEntry(time: t, kind: kind, fact: fact))
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }
}
