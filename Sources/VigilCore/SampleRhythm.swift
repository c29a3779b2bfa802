/// How often a series reports: the median of its last 16 gaps between
/// distinct sample times. Staleness is judged against it, so a series
/// sampled every 45 minutes is not "no data" five minutes after each sample.
struct SampleRhythm: Hashable, Sendable {
    /// A series is stale after this many typical intervals without a sample:
    /// one late sample is not silence; three missed in a row are.
    static let multiple: Int64 = 3
    /// Never stale sooner than this, however dense the series (scrapes jitter).
    static let floor = Duration.minutes(5)
    /// Before a second sample there is no rhythm to go by: wait this long.
    static let unknown = Duration.hours(1)
    static let capacity = 16

    private var gaps: [Int64] = []
    private var next = 0
    private var last: Int64?
    /// The median of `gaps`, kept current by `observe`.
    private var median: Int64?

    mutating func observe(_ t: EventTime) {
        let ms = t.milliseconds
        if let l = last {
            guard ms > l else { return }
            let gap = ms - l
            if gaps.count < Self.capacity {
                gaps.append(gap)
                median = nil
            } else if gaps[next] != gap {
                gaps[next] = gap
                median = nil
                next = (next + 1) % Self.capacity
            } else {
                next = (next + 1) % Self.capacity
            }
            if median == nil {
                // The schedule asks for the rhythm after every sample; sorting
                // only when a gap changed keeps a regular series free of sorts.
                let sorted = gaps.sorted()
                median = sorted[(sorted.count - 1) / 2]
            }
        }
        last = ms
    }

    /// Whether two distinct sample times have been seen (cheap: no median).
    var hasInterval: Bool { !gaps.isEmpty }

    /// The median gap, or nil before two distinct sample times.
    var typicalInterval: Duration? {
        median.map { Duration(milliseconds: $0) }
    }

    /// How long without a sample counts as no data, unless a policy says.
    var staleAfter: Duration {
        guard let typical = typicalInterval else { return Self.unknown }
        return max(Self.floor, Duration(milliseconds: typical.milliseconds &* Self.multiple))
    }
}
