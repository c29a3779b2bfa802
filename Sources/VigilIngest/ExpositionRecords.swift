import VigilCore

extension Exposition {
    /// Every sample as a record with its raw value. Samples without a
    /// timestamp get `defaultTime` (the scrape time); nil reports them.
    func records(defaultTime: EventTime?) -> Result<[Record], ParseFailure> {
        var out: [Record] = []
        for family in families {
            for s in family.samples {
                guard let time = s.timestamp.map(EventTime.init(milliseconds:)) ?? defaultTime else {
                    return .failure(ParseFailure(line: s.line, column: 1,
                                                 message: "sample has no timestamp and no scrape time was given"))
                }
                out.append(.sample(Sample(time: time, metric: s.name, value: s.value, labels: s.labelSet)))
            }
        }
        return .success(out)
    }
}

extension ExpositionSample {
    var labelSet: Labels { labels.isEmpty ? Labels() : Labels(labels.map { Label($0.name, $0.value) }) }

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
