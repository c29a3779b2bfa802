/// When each detector unit next needs its once-a-second staleness and
/// inconclusive check: a min-heap of (event time, unit).
///
/// Why: checking every unit every event-time second cost units × seconds,
/// quadratic for a recording whose groups keep arriving (1M distinct
/// deployments took 141 s). A unit is checked only from the time its check
/// could change something (`DetectorUnit.nextCheck`); entries may be early
/// (the check then does nothing and the unit is rescheduled), never late.
struct CheckSchedule: Sendable {
    private var heap: [(due: Int64, unit: Int)] = []
    /// The due time of each unit's live entry (`Int64.max`: none). Older,
    /// later entries of the same unit are skipped when they surface.
    private var scheduled: [Int64] = []

    /// Makes sure `unit` is checked at or after `due`, no later than that.
    mutating func schedule(_ unit: Int, at due: Int64) {
        guard due != .max else { return }
        while scheduled.count <= unit { scheduled.append(.max) }
        guard due < scheduled[unit] else { return }
        scheduled[unit] = due
        heap.append((due, unit))
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].due < heap[parent].due else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    /// Removes and returns the units due at or before `time`, in unit order
    /// (the order the check has always visited them in).
    mutating func takeDue(at time: Int64) -> [Int] {
        var due: [Int] = []
        while let top = heap.first, top.due <= time {
            removeFirst()
            guard scheduled[top.unit] == top.due else { continue }
            scheduled[top.unit] = .max
            due.append(top.unit)
        }
        due.sort()
        return due
    }

    private mutating func removeFirst() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count && heap[l].due < heap[m].due { m = l }
            if r < heap.count && heap[r].due < heap[m].due { m = r }
            guard m != i else { return }
            heap.swapAt(i, m)
            i = m
        }
    }
}
