import VigilCore

/// Updates a `SourceHealth` as records of one source go by: ordering,
/// duplicates and non-finite values. Records are never dropped here.
struct HealthTracker {
    var health: SourceHealth
    private var lastTime: Int64?
    private var lastBySeries: SeriesTimes

    /// `seriesLimit` bounds memory for sources with unbounded series churn:
    /// past it the table is forgotten (a duplicate right after is not noticed).
    init(source: String, seriesLimit: Int = 100_000) {
        health = SourceHealth(source: source)
        lastBySeries = SeriesTimes(limit: seriesLimit)
    }

    mutating func malformed(_ failure: ParseFailure) {
        health.malformed += 1
        health.lastError = failure.description
    }

    mutating func observe(_ record: Record) {
        health.records += 1
        let t = record.time.milliseconds
        if let last = lastTime, t < last { health.outOfOrder += 1 }
        lastTime = t
        let key: UInt64
        switch record {
        case .sample(let s):
            if !s.value.isFinite { health.nonFinite += 1 }
            key = seriesHash(s.metric, s.labels)
        case .event(let e):
            var h = Hasher()
            e.kind.hash(into: &h)
            e.labels.hash(into: &h)
            key = UInt64(bitPattern: Int64(h.finalize()))
        }
        if lastBySeries.update(key, t) == t { health.duplicates += 1 }
    }
}

/// A 64-bit identity of a series (metric and labels). Two different series
/// collide with probability about 2^-64 per pair, which is fine for counting.
func seriesHash(_ metric: String, _ labels: Labels) -> UInt64 {
    var h = hashString(metric, seed: 0x5157_4E41_4D45)
    for l in labels {
        h = (h ^ hashString(l.name, seed: h)) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ hashString(l.value, seed: ~h)) &* 0xFF51_AFD7_ED55_8CCD
    }
    return h ^ (h >> 31)
}

@inline(__always) func hashString(_ s: String, seed: UInt64) -> UInt64 {
    if let h = s.utf8.withContiguousStorageIfAvailable({ b in
        b.baseAddress.map { hashBytes($0, b.count, seed: seed) } ?? seed
    }) { return h }
    let bytes = Array(s.utf8)
    return bytes.withUnsafeBufferPointer { b in b.baseAddress.map { hashBytes($0, b.count, seed: seed) } ?? seed }
}

/// Open-addressed map from a series hash to its latest time. Grows up to
/// `limit` entries, then starts over empty.
struct SeriesTimes {
    private var keys: [UInt64] = Array(repeating: 0, count: 1024)
    private var times: [Int64] = Array(repeating: 0, count: 1024)
    private var count = 0
    private let limit: Int

    init(limit: Int) { self.limit = max(1, limit) }

    /// Stores `time` for `key`; returns the time it had before, if any.
    mutating func update(_ key: UInt64, _ time: Int64) -> Int64? {
        let k = key == 0 ? 1 : key
        var i = Int(truncatingIfNeeded: k) & (keys.count - 1)
        while true {
            let existing = keys[i]
            if existing == k {
                let previous = times[i]
                times[i] = time
                return previous
            }
            if existing == 0 { break }
            i = (i + 1) & (keys.count - 1)
        }
        if count >= limit {
            keys = Array(repeating: 0, count: 1024)
            times = Array(repeating: 0, count: 1024)
            count = 0
            return update(k, time)
        }
        if (count + 1) * 2 > keys.count {
            grow()
            return update(k, time)
        }
        keys[i] = k
        times[i] = time
        count += 1
        return nil
    }

    private mutating func grow() {
        let oldKeys = keys, oldTimes = times
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        times = Array(repeating: 0, count: oldKeys.count * 2)
        for (j, k) in oldKeys.enumerated() where k != 0 {
            var i = Int(truncatingIfNeeded: k) & (keys.count - 1)
            while keys[i] != 0 { i = (i + 1) & (keys.count - 1) }
            keys[i] = k
            times[i] = oldTimes[j]
        }
    }
}
