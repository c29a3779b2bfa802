import VigilCore

/// Updates a `SourceHealth` as records of one source go by: ordering,
/// duplicates and non-finite values. Records are never dropped here.
struct HealthTracker {
    var health: SourceHealth
    private var lastTime: Int64?
    private var lastBySeries: [SeriesKey: Int64] = [:]
    /// Bounds memory for sources with unbounded series churn; when exceeded the
    /// table is forgotten (a duplicate right after that is not noticed).
    private let seriesLimit: Int

    init(source: String, seriesLimit: Int = 100_000) {
        health = SourceHealth(source: source)
        self.seriesLimit = seriesLimit
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
        let key: SeriesKey
        switch record {
        case .sample(let s):
            if !s.value.isFinite { health.nonFinite += 1 }
            key = .sample(s.metric, s.labels)
        case .event(let e):
            key = .event(e.kind, e.labels)
        }
        if lastBySeries.count >= seriesLimit { lastBySeries.removeAll(keepingCapacity: true) }
        if let previous = lastBySeries.updateValue(t, forKey: key), previous == t {
            health.duplicates += 1
        }
    }
}

/// The identity of a series: a metric with its labels, or an event's content.
enum SeriesKey: Hashable {
    case sample(String, Labels)
    case event(EventKind, Labels)
}
