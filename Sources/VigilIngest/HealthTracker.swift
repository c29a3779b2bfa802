import VigilCore

/// Updates a `SourceHealth` as records of one source go by: ordering,
/// duplicates and non-finite values. Records are never dropped here.
struct HealthTracker {
    var health: SourceHealth
    private var lastTime: Int64?
    private var lastBySeries: SeriesTimes
    /// The first problem of the source (health keeps only the latest).
    private(set) var firstFailure: ParseFailure?

    /// `seriesLimit` bounds memory for sources with unbounded series churn:
    /// past it the table is forgotten (a duplicate right after is not noticed).
    init(source: String, seriesLimit: Int = 100_000) {
        health = SourceHealth(source: source)
        lastBySeries = SeriesTimes(limit: seriesLimit)
    }

    /// The latest problem, as a value (a chunked reader renumbers its line).
    private(set) var lastFailure: ParseFailure?

    mutating func malformed(_ failure: ParseFailure) {
        health.malformed += 1
        health.lastError = failure.description
        lastFailure = failure
        if firstFailure == nil { firstFailure = failure }
    }

    mutating func oversized(line: Int, limit: Int) {
        let f = ParseFailure(line: line, column: limit + 1, message: "line longer than \(limit) bytes; skipped")
        health.oversized += 1
        health.lastError = f.description
        lastFailure = f
        if firstFailure == nil { firstFailure = f }
    }

    mutating func observe(_ record: Record) {
        count(nonFinite: record.isNonFiniteSample)
        order(time: record.time.milliseconds, series: series(of: record))
    }

    /// The record's series identity, as `seriesKey` computes it.
    func series(of record: Record) -> UInt64 {
        switch record {
        case .sample(let s): return seriesKey(metricHash: hashString(s.metric), labelsHash: labelsHash(s.labels))
        case .event(let e): return seriesKey(of: e)
        }
    }

    /// The order-independent counts of one delivered record.
    @inline(__always) mutating func count(nonFinite: Bool) {
        health.records += 1
        if nonFinite { health.nonFinite += 1 }
    }

    /// The order-dependent counts (out of order, duplicates) of the next
    /// record in source order; `series` as from `seriesKey`.
    @inline(__always) mutating func order(time t: Int64, series: UInt64) {
        if let last = lastTime, t < last { health.outOfOrder += 1 }
        lastTime = t
        if lastBySeries.update(series, t) == t { health.duplicates += 1 }
    }

    /// The order-dependent counts of the next chunk of the source (`batch`,
    /// counted into `chunk` as it was decoded): the same as `order(time:
    /// series:)` for each of its records. Per series when the series table
    /// cannot fill up (and be forgotten) in the middle of the chunk, else
    /// record by record.
    mutating func order(_ chunk: ChunkOrder, of batch: RecordBatch) {
        guard chunk.count > 0 else { return }
        guard lastBySeries.count + chunk.slots.count <= lastBySeries.limit else {
            chunk.forEachRecord(of: batch) { order(time: $1, series: $0) }
            return
        }
        if let last = lastTime, chunk.firstTime < last { health.outOfOrder += 1 }
        health.outOfOrder += chunk.outOfOrder
        lastTime = chunk.lastTime
        for s in chunk.slots {
            let before = lastBySeries.update(s.key, s.lastTime)
            if before == s.firstTime { health.duplicates += 1 }
        }
        health.duplicates += chunk.duplicates
    }
}

extension Record {
    /// A sample whose value is NaN or infinite (counted, and delivered).
    var isNonFiniteSample: Bool {
        if case .sample(let s) = self { return !s.value.isFinite }
        return false
    }
}

/// A sample's series identity from the hash of its metric name
/// (`hashString`) and of its label set (`labelsHash`). The native decoder
/// keeps both hashes with its interned names and label sets, so a repeated
/// series costs one mix here.
@inline(__always) func seriesKey(metricHash: UInt64, labelsHash: UInt64) -> UInt64 {
    let h = (metricHash ^ (labelsHash &<< 23 | labelsHash &>> 41)) &* 0x9E37_79B9_7F4A_7C15
    return h ^ (h >> 32)
}

/// An event's identity for duplicate counting: its kind and labels.
func seriesKey(of e: Event) -> UInt64 {
    var h = Hasher()
    e.kind.hash(into: &h)
    e.labels.hash(into: &h)
    return UInt64(bitPattern: Int64(h.finalize()))
}

/// Series identities are 64-bit hashes of the metric and labels; two
/// different series collide with probability about 2^-64 per pair, which is
/// fine for counting duplicates.
@inline(__always) func hashString(_ s: String, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> UInt64 {
    if let h = s.utf8.withContiguousStorageIfAvailable({ b in
        b.baseAddress.map { hashBytes($0, b.count, seed: seed) } ?? seed
    }) { return h }
    let bytes = Array(s.utf8)
    return bytes.withUnsafeBufferPointer { b in b.baseAddress.map { hashBytes($0, b.count, seed: seed) } ?? seed }
}

func labelsHash(_ labels: Labels) -> UInt64 {
    var h: UInt64 = 0x5157_4E41_4D45
    for l in labels {
        h = (h ^ hashString(l.name, seed: h)) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ hashString(l.value, seed: ~h)) &* 0xFF51_AFD7_ED55_8CCD
    }
    return h ^ (h >> 31)
}

/// Open-addressed map from a series hash to its latest time. Grows up to
/// `limit` entries, then starts over empty.
struct SeriesTimes {
    private var keys: [UInt64] = Array(repeating: 0, count: 1024)
    private var times: [Int64] = Array(repeating: 0, count: 1024)
    private(set) var count = 0
    let limit: Int

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
