import VigilCore

/// What a recording holds, as far as choosing default signals goes: its
/// metric names (first-seen order), which of them have canary samples, and
/// whether agents report beliefs.
public struct RecordingCatalog: Sendable, Hashable {
    public private(set) var metrics: [String] = []
    public private(set) var canaryMetrics: Set<String> = []
    public private(set) var hasBeliefs = false
    private var seen: Set<String> = []

    public init() {}

    public init(metrics: [String], canaryMetrics: Set<String> = [], hasBeliefs: Bool = false) {
        for m in metrics { add(metric: m, canary: canaryMetrics.contains(m)) }
        self.hasBeliefs = hasBeliefs
    }

    public mutating func observe(_ batch: RecordBatch) {
        for s in batch.series { add(metric: s.metric, canary: s.labels["variant"] == "canary") }
        for r in batch.wholeRecords { observe(r) }
    }

    public mutating func observe(_ record: Record) {
        switch record {
        case .sample(let s): add(metric: s.metric, canary: s.labels["variant"] == "canary")
        case .event(let e):
            if case .belief = e.kind { hasBeliefs = true }
        }
    }

    private mutating func add(metric: String, canary: Bool) {
        if seen.insert(metric).inserted { metrics.append(metric) }
        if canary { canaryMetrics.insert(metric) }
    }
}
