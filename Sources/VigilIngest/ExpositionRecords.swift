import VigilCore

extension Exposition {
    /// Every sample as a record with its raw value. Samples without a
    /// timestamp get `defaultTime` (the scrape time); nil reports them.
    func records(defaultTime: EventTime?) -> Result<[Record], ParseFailure> {
        var out: [Record] = []
        for family in families {
            for s in family.samples {
                switch s.record(defaultTime: defaultTime) {
                case .success(let r): out.append(r)
                case .failure(let f): return .failure(f)
                }
            }
        }
        return .success(out)
    }

    /// The first sample whose time Vigil cannot read (out of range), if any.
    func firstTimeFailure() -> ParseFailure? {
        for family in families {
            for s in family.samples {
                if case .failure(let f) = s.time(defaultTime: EventTime(milliseconds: 0)) { return f }
            }
        }
        return nil
    }
}

extension ExpositionSample {
    /// The sample as a record with its raw value.
    func record(defaultTime: EventTime?) -> Result<Record, ParseFailure> {
        time(defaultTime: defaultTime).map { .sample(Sample(time: $0, metric: name, value: value, labels: labelSet)) }
    }

    /// Its timestamp, or `defaultTime` without one. A timestamp outside
    /// `ValidTime` is an error here, not in the parser: OpenMetrics allows
    /// any decimal (its conformance suite has one of 20 digits), Vigil
    /// cannot keep it.
    func time(defaultTime: EventTime?) -> Result<EventTime, ParseFailure> {
        if let ms = timestamp {
            guard ValidTime.contains(ms) else {
                return .failure(ParseFailure(line: line, column: max(timestampColumn, 1), message: ValidTime.message))
            }
            return .success(EventTime(milliseconds: ms))
        }
        guard let defaultTime else {
            return .failure(ParseFailure(line: line, column: 1, message: "sample has no timestamp and no scrape time was given"))
        }
        return .success(defaultTime)
    }

    /// True for the cumulative samples that a live scrape turns into rates:
    /// counter totals, and histogram/summary `_count`, `_sum` and `_bucket`.
    func isCumulative(in family: MetricFamily, openMetrics: Bool) -> Bool {
        let suffix = name.dropFirst(family.name.count)
        switch family.kind {
        case .counter: return openMetrics ? suffix == "_total" : true
        case .histogram: return suffix == "_bucket" || suffix == "_count" || suffix == "_sum"
        case .summary: return suffix == "_count" || suffix == "_sum"
        default: return false
        }
    }
}

/// Turns consecutive scrapes of cumulative series into per-second rates.
/// The first scrape of a series yields nothing; a value lower than the
/// previous one is a counter reset (the rate is then `value / seconds`, as in
/// Prometheus); a scrape with no time advance yields nothing.
struct RateTracker {
    private var previous: [UInt64: (value: Double, time: Int64)] = [:]
    private let limit: Int

    init(limit: Int = 100_000) { self.limit = limit }

    mutating func rate(_ s: ExpositionSample, labels: Labels, at time: EventTime) -> Double? {
        rate(name: s.name, value: s.value, labels: labels, at: time)
    }

    /// The same for any cumulative series (OTLP monotonic sums too).
    mutating func rate(name: String, value: Double, labels: Labels, at time: EventTime) -> Double? {
        let key = hashString(name, seed: labelsHash(labels))
        let last = previous[key]
        if last == nil && previous.count >= limit { previous.removeAll(keepingCapacity: true) }
        previous[key] = (value, time.milliseconds)
        guard let last, time.milliseconds > last.time else { return nil }
        let seconds = Double(time.milliseconds - last.time) / 1000
        let delta = value >= last.value ? value - last.value : value
        return delta / seconds
    }
}
