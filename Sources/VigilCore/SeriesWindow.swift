/// A trailing event-time window with O(1) mean and variance, kept as
/// `slots` time slices of (count, sum, sum of squares): memory is fixed
/// whatever the sample rate, and the window's edge is accurate to one slice
/// (span / slots).
public struct SeriesWindow: Hashable, Sendable {
    public let span: Duration
    private let sliceMillis: Int64
    /// One time slice's sums; `id` is `.min` for an empty slot.
    private struct Slice: Hashable, Sendable {
        var id: Int64 = .min
        var count = 0
        var sum = 0.0
        var squares = 0.0
    }
    /// One array, so a sample pays for one uniqueness check, not four.
    private var slices: [Slice]
    public private(set) var count = 0
    private var sum = 0.0
    private var sumOfSquares = 0.0
    /// The oldest slice held (Int64.max: none), so most evictions are one comparison.
    private var oldest: Int64 = .max
    /// The newest slice seen.
    private var newest: Int64?
    /// The slot of the last slice appended to: most samples land in it.
    private var lastID: Int64 = .min
    private var lastSlot = 0

    public init(span: Duration, slots: Int = 60) {
        precondition(slots > 0)
        self.span = span
        sliceMillis = max(1, span.milliseconds / Int64(slots))
        slices = Array(repeating: Slice(), count: slots + 1)
    }

    public mutating func append(_ time: EventTime, _ value: Double) {
        let id = time.milliseconds.floorDivided(by: sliceMillis).quotient
        // A late sample older than the whole window would land on the slot
        // of a live, newer slice and clear it; it is outside the window anyway.
        if let n = newest, id <= n - Int64(slices.count - 1) { return }
        newest = max(newest ?? id, id)
        let s = id == lastID ? lastSlot : Int(id.floorDivided(by: Int64(slices.count)).remainder)
        lastID = id; lastSlot = s
        if slices[s].id != id { clear(s); slices[s].id = id; oldest = min(oldest, id) }
        Self.add(value, to: &slices[s])
        count += 1; sum += value; sumOfSquares += value * value
        evict(before: time.adding(Duration(milliseconds: -span.milliseconds)))
    }

    /// One access to the slice for its three sums.
    private static func add(_ value: Double, to slice: inout Slice) {
        slice.count += 1; slice.sum += value; slice.squares += value * value
    }

    /// Drops the slices that end at or before `cutoff`: at every sample, and
    /// nearly always nothing, so the test is inlined and the scan is not.
    @inline(__always)
    public mutating func evict(before cutoff: EventTime) {
        guard oldest != .max, (oldest + 1) * sliceMillis <= cutoff.milliseconds else { return }
        dropSlices(endingBy: cutoff)
    }

    @inline(never)
    private mutating func dropSlices(endingBy cutoff: EventTime) {
        oldest = .max
        for s in slices.indices where slices[s].id != .min {
            if (slices[s].id + 1) * sliceMillis <= cutoff.milliseconds { clear(s) } else { oldest = min(oldest, slices[s].id) }
        }
        if count == 0 { sum = 0; sumOfSquares = 0 }
    }

    private mutating func clear(_ s: Int) {
        guard slices[s].id != .min else { return }
        count -= slices[s].count; sum -= slices[s].sum; sumOfSquares -= slices[s].squares
        slices[s] = Slice()
    }

    public var mean: Double? { count > 0 ? sum / Double(count) : nil }

    /// Sample variance (n-1); nil below two points.
    public var variance: Double? {
        guard count > 1 else { return nil }
        let n = Double(count)
        return max(0, (sumOfSquares - sum * sum / n) / (n - 1))
    }
}

/// The last `capacity` values of a series, for sparklines: a ring buffer,
/// read oldest first.
public struct History: Hashable, Sendable {
    public let capacity: Int
    private var ring: [Double] = []
    private var next = 0

    public init(capacity: Int = 120) { self.capacity = capacity }

    public mutating func append(_ v: Double) {
        if ring.count < capacity { ring.append(v); return }
        ring[next] = v
        // A comparison, not a division: `next` stays below `capacity`.
        next += 1
        if next == capacity { next = 0 }
    }

    /// Oldest first.
    public var values: [Double] {
        ring.count < capacity ? ring : Array(ring[next...] + ring[..<next])
    }

    public static func == (a: History, b: History) -> Bool { a.values == b.values }
    public func hash(into h: inout Hasher) { h.combine(values) }
}
