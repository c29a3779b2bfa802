/// A trailing event-time window with O(1) mean and variance, kept as
/// `slots` time slices of (count, sum, sum of squares): memory is fixed
/// whatever the sample rate, and the window's edge is accurate to one slice
/// (span / slots).
public struct SeriesWindow: Hashable, Sendable {
    public let span: Duration
    private let sliceMillis: Int64
    private var ids: [Int64]
    private var counts: [Int]
    private var sums: [Double]
    private var squares: [Double]
    public private(set) var count = 0
    private var sum = 0.0
    private var sumOfSquares = 0.0
    /// The oldest slice held (Int64.max: none), so most evictions are one comparison.
    private var oldest: Int64 = .max
    /// The newest slice seen.
    private var newest: Int64?

    public init(span: Duration, slots: Int = 60) {
        precondition(slots > 0)
        self.span = span
        sliceMillis = max(1, span.milliseconds / Int64(slots))
        ids = Array(repeating: .min, count: slots + 1)
        counts = Array(repeating: 0, count: slots + 1)
        sums = Array(repeating: 0, count: slots + 1)
        squares = Array(repeating: 0, count: slots + 1)
    }

    public mutating func append(_ time: EventTime, _ value: Double) {
        let id = time.milliseconds.floorDivided(by: sliceMillis).quotient
        // A late sample older than the whole window would land on the slot
        // of a live, newer slice and clear it; it is outside the window anyway.
        if let n = newest, id <= n - Int64(ids.count - 1) { return }
        newest = max(newest ?? id, id)
        let s = Int(id.floorDivided(by: Int64(ids.count)).remainder)
        if ids[s] != id { clear(s); ids[s] = id; oldest = min(oldest, id) }
        counts[s] += 1; sums[s] += value; squares[s] += value * value
        count += 1; sum += value; sumOfSquares += value * value
        evict(before: time.adding(Duration(milliseconds: -span.milliseconds)))
    }

    /// Drops the slices that end at or before `cutoff`.
    public mutating func evict(before cutoff: EventTime) {
        guard oldest != .max, (oldest + 1) * sliceMillis <= cutoff.milliseconds else { return }
        oldest = .max
        for s in ids.indices where ids[s] != .min {
            if (ids[s] + 1) * sliceMillis <= cutoff.milliseconds { clear(s) } else { oldest = min(oldest, ids[s]) }
        }
        if count == 0 { sum = 0; sumOfSquares = 0 }
    }

    private mutating func clear(_ s: Int) {
        guard ids[s] != .min else { return }
        count -= counts[s]; sum -= sums[s]; sumOfSquares -= squares[s]
        ids[s] = .min; counts[s] = 0; sums[s] = 0; squares[s] = 0
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
        next = (next + 1) % capacity
    }

    /// Oldest first.
    public var values: [Double] {
        ring.count < capacity ? ring : Array(ring[next...] + ring[..<next])
    }

    public static func == (a: History, b: History) -> Bool { a.values == b.values }
    public func hash(into h: inout Hasher) { h.combine(values) }
}
