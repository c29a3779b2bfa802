/// Records in order, with samples stored as columns: each sample is a time,
/// a value and the index of its series (metric name and labels) in the
/// batch's series table; any other record (events, and samples a producer
/// did not put in columns) is kept whole.
///
/// Why: a `Sample` holds a `String` and a `Labels`, and every sample built,
/// copied and destroyed raises and drops their reference counts: two atomic
/// increments and two decrements per sample, the largest single cost of
/// reading a recording once the scan was tight (docs/performance.md). Here a
/// series' name and labels are held once per batch, and the core looks a
/// series' route up once per batch instead of once per sample.
///
/// As a collection its elements are `Record`s, made on access, so code that
/// wants records sees exactly the records the batch stands for.
public struct RecordBatch: Sendable, RandomAccessCollection {
    /// One series of the batch.
    public struct Series: Sendable, Hashable {
        public let metric: String
        public let labels: Labels
        public init(metric: String, labels: Labels) { self.metric = metric; self.labels = labels }
    }

    /// What the record at a position is, without making a `Record`.
    public enum Entry: Sendable {
        case sample(time: EventTime, value: Double, series: Int)
        case record(Record)
    }

    /// The batch's series, indexed by `Entry.sample`'s `series`.
    public private(set) var series: [Series] = []
    /// One per record, in order. One array rather than a column each: an
    /// append checks one buffer's uniqueness and capacity, not three.
    private var slots: [Slot] = []
    private var others: [Record] = []

    private struct Slot {
        var time: Int64
        var value: Double
        /// A series index (≥ 0), or -(index into `others`) - 1.
        var ref: Int32
    }

    public init() {}

    /// A batch of whole records, in order: for readers that decode record by
    /// record (scrapes, OTLP, pollers) handing over the same type.
    public init(_ records: some Sequence<Record>) {
        for r in records { append(r) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { slots.count }

    public subscript(i: Int) -> Record {
        switch entry(i) {
        case .sample(let time, let value, let s):
            return .sample(Sample(time: time, metric: series[s].metric, value: value, labels: series[s].labels))
        case .record(let r):
            return r
        }
    }

    /// The event time of the record at a position.
    public func time(at i: Int) -> EventTime {
        let slot = slots[i]
        return slot.ref >= 0 ? EventTime(milliseconds: slot.time) : others[-Int(slot.ref) - 1].time
    }

    /// The latest event time of the batch's records; nil when it is empty.
    public var latestTime: EventTime? {
        guard !slots.isEmpty else { return nil }
        var latest = Int64.min
        for i in slots.indices { latest = Swift.max(latest, time(at: i).milliseconds) }
        return EventTime(milliseconds: latest)
    }

    @inline(__always) public func entry(_ i: Int) -> Entry {
        let slot = slots[i]
        let ref = Int(slot.ref)
        if ref >= 0 { return .sample(time: EventTime(milliseconds: slot.time), value: slot.value, series: ref) }
        return .record(others[-ref - 1])
    }

    /// The records kept whole (events, and samples not put in columns), in
    /// order: for readers that look only at those, without visiting every
    /// sample.
    public var wholeRecords: [Record] { others }

    /// Adds a series to the table; returns its index for `appendSample`.
    public mutating func addSeries(_ s: Series) -> Int {
        series.append(s)
        return series.count - 1
    }

    /// Appends a sample of a series already in the table.
    @inline(__always) public mutating func appendSample(milliseconds: Int64, value: Double, series s: Int) {
        precondition(s >= 0 && s < series.count && s <= Int(Int32.max), "no such series in the batch")
        slots.append(Slot(time: milliseconds, value: value, ref: Int32(truncatingIfNeeded: s)))
    }

    /// Appends a whole record.
    public mutating func append(_ record: Record) {
        precondition(others.count < Int(Int32.max), "batch too large")
        others.append(record)
        slots.append(Slot(time: record.time.milliseconds, value: 0, ref: Int32(truncatingIfNeeded: -others.count)))
    }

    /// Empties the batch, keeping its memory for the next one.
    public mutating func removeAll(keepingCapacity keep: Bool = true) {
        series.removeAll(keepingCapacity: keep)
        slots.removeAll(keepingCapacity: keep)
        others.removeAll(keepingCapacity: keep)
    }

    /// About how much memory the batch's records hold: its columns, and a
    /// share for each series and whole record (their strings are shared
    /// or small). For budgets, not accounting.
    public var approximateBytes: Int {
        slots.count * MemoryLayout<Slot>.stride + (series.count + others.count) * 128
    }

    /// Room for `n` records without reallocating.
    public mutating func reserveCapacity(_ n: Int) {
        slots.reserveCapacity(n)
    }
}
