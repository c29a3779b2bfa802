import VigilCore

/// A Prometheus/OpenMetrics file that is rewritten whole: each rewrite is one
/// scrape. Placeholder until the exposition parsers land.
struct ScrapeSource {
    private var health: SourceHealth

    init(source: String, format: MetricFormat, maxBytes: Int) {
        health = SourceHealth(source: source)
    }

    mutating func reset() {}

    mutating func poll(fd: Int32, path: String, identity: inout (dev: UInt, ino: UInt),
                       reopen: () -> Int32) -> ([Record], SourceHealth)? {
        nil
    }
}
