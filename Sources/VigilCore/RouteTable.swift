/// Where each series' samples go, worked out once per series and cached: the
/// hot path of ingestion follows a cached route instead of matching every
/// signal's labels on every sample.
///
/// Open addressing over `entries` keyed by the label set (whose hash was
/// computed when it was built) and the metric's length and first bytes, so a
/// lookup hashes no string. Names are compared in place (interned names
/// compare by identity). Routes are plain integers, so following one costs
/// no reference counting.
struct RouteTable: Sendable {
    /// One destination of a series' samples.
    enum Route: Sendable, Equatable {
        /// A detector unit, which side of a comparison the series feeds, and
        /// the `FeedTable` slot its samples go to (-1: none).
        case unit(Int, canarySide: Bool, feed: Int)
        /// A slot of the traffic table (the policy's traffic metric).
        case traffic(Int)
    }

    private struct Entry: Sendable {
        var labels: Labels
        var metric: String
        var key: Int
        var first: Int
        var count: Int
        /// Its group is beyond the Governor's group cap: its samples are only counted.
        var overCap: Bool
    }

    /// Bounded: a flood of distinct label sets cannot grow the cache forever.
    static let capacity = 200_000

    /// Slot → entry index, -1 empty; kept at most half full.
    private var table: [Int] = Array(repeating: -1, count: 1024)
    private var entries: [Entry] = []
    private var routes: [Route] = []
    /// Counts the times the cache was emptied: entry numbers held across
    /// calls are stale once it changes.
    private(set) var generation = 0

    /// The cached entry of a series, if any.
    func find(metric: String, labels: Labels) -> Int? {
        let key = Self.key(metric: metric, labels: labels)
        let mask = table.count - 1
        var slot = Self.home(key, mask)
        while table[slot] >= 0 {
            let e = table[slot]
            if entries[e].key == key && entries[e].metric == metric && entries[e].labels == labels { return e }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Caches a series' routes and returns its entry. At capacity the cache
    /// is emptied first (and `generation` moves on).
    mutating func insert(metric: String, labels: Labels, routes new: [Route], overCap: Bool = false) -> Int {
        // Bounded: a flood of distinct label sets cannot grow the cache forever.
        if entries.count >= Self.capacity { removeAll() }
        let key = Self.key(metric: metric, labels: labels)
        let index = entries.count
        entries.append(Entry(labels: labels, metric: metric, key: key, first: routes.count, count: new.count,
                             overCap: overCap))
        routes += new
        if entries.count * 2 > table.count {
            // Keep the table at most half full: double it and re-insert.
            table = Array(repeating: -1, count: table.count * 2)
            for (i, e) in entries.enumerated() { place(i, key: e.key) }
        } else {
            place(index, key: key)
        }
        return index
    }

    /// The positions of an entry's routes, for `route(at:)`.
    @inline(__always) func routeRange(of entry: Int) -> Range<Int> {
        // Field by field: copying the entry would retain its labels and name.
        let first = entries[entry].first
        return first..<(first + entries[entry].count)
    }

    @inline(__always) func route(at i: Int) -> Route { routes[i] }

    @inline(__always) func isOverCap(_ entry: Int) -> Bool { entries[entry].overCap }

    /// Forgets every route (a new generation): each series is routed again on
    /// its next sample. Callers holding entry indices must drop them.
    mutating func removeAll() {
        for i in table.indices { table[i] = -1 }
        entries.removeAll(keepingCapacity: true)
        routes.removeAll(keepingCapacity: true)
        generation &+= 1
    }

    private mutating func place(_ entry: Int, key: Int) {
        let mask = table.count - 1
        var j = Self.home(key, mask)
        while table[j] >= 0 { j = (j + 1) & mask }
        table[j] = entry
    }

    /// Mixes the label set's cached hash with the metric's length and first
    /// eight bytes: no string hashing on the hot path.
    private static func key(metric: String, labels: Labels) -> Int {
        var prefix: UInt64 = 0
        let metricBytes = metric.utf8.count
        var m = metric
        m.withUTF8 { b in for i in 0..<min(8, b.count) { prefix |= UInt64(b[i]) << (8 * UInt64(i)) } }
        return (labels.cachedHash &* 31 &+ metricBytes) ^ Int(truncatingIfNeeded: prefix &* 0x9E37_79B9_7F4A_7C15)
    }

    /// Where a key's probe starts in a table of `mask + 1` slots.
    @inline(__always) private static func home(_ key: Int, _ mask: Int) -> Int {
        Int(UInt(bitPattern: key &* 0x2545_F491) >> 7) & mask
    }
}
