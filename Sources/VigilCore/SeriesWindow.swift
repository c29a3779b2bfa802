/// A trailing window of (time, value) points with O(1) mean and variance.
///
/// Bounded twice: by event-time span and by a hard point capacity, so memory
/// never grows with the length of a run.
public struct SeriesWindow: Hashable, Sendable {
    public let span: Duration
    public let capacity: Int
    private var times: [Int64]
    private var values: [Double]
    private var head = 0      // index of the oldest point
    public private(set) var count = 0
    private var sum = 0.0
    private var sumOfSquares = 0.0

    public init(span: Duration, capacity: Int = 4096) {
        precondition(capacity > 0)
        self.span = span
        self.capacity = capacity
        self.times = []
        self.values = []
    }

    /// Adds a point and drops points older than `span` before it.
    public mutating func append(_ time: EventTime, _ value: Double) {
        if count == capacity { dropOldest() }
        if times.count < capacity {
            times.append(time.milliseconds); values.append(value)
        } else {
            let i = (head + count) % capacity
            times[i] = time.milliseconds; values[i] = value
        }
        count += 1
        sum += value
        sumOfSquares += value * value
        evict(before: time.adding(Duration(milliseconds: -span.milliseconds)))
    }

    /// Drops points strictly older than `cutoff`.
    public mutating func evict(before cutoff: EventTime) {
        while count > 0, times[head] < cutoff.milliseconds { dropOldest() }
        if count == 0 { sum = 0; sumOfSquares = 0 }
    }

    private mutating func dropOldest() {
        let v = values[head]
        sum -= v
        sumOfSquares -= v * v
        head = (head + 1) % max(times.count, 1)
        count -= 1
    }

    public var mean: Double? { count > 0 ? sum / Double(count) : nil }

    /// Sample variance (n-1); nil below two points.
    public var variance: Double? {
        guard count > 1 else { return nil }
        let n = Double(count)
        return max(0, (sumOfSquares - sum * sum / n) / (n - 1))
    }

    public var latest: Double? { count > 0 ? values[(head + count - 1) % times.count] : nil }
    public var oldestTime: EventTime? { count > 0 ? EventTime(milliseconds: times[head]) : nil }
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
