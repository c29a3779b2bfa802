import VigilCore

/// One parsed Prometheus / OpenMetrics text exposition (one scrape).
struct Exposition {
    var families: [MetricFamily] = []
}

/// A metric family: its metadata and its samples in exposition order.
struct MetricFamily {
    enum Kind: String {
        case counter, gauge, histogram, gaugehistogram, summary, stateset, info, unknown
        /// Prometheus 0.0.4 only.
        case untyped
    }

    var name: String
    var kind: Kind
    var help: String?
    var unit: String?
    var samples: [ExpositionSample] = []

    /// The sample names a family of this kind may have, as suffixes of its name.
    static func suffixes(_ kind: Kind?, openMetrics: Bool) -> [String] {
        switch kind {
        case .counter?: return openMetrics ? ["_total", "_created"] : [""]
        case .summary?: return openMetrics ? ["", "_count", "_sum", "_created"] : ["", "_count", "_sum"]
        case .histogram?: return openMetrics ? ["_count", "_sum", "_bucket", "_created"] : ["_count", "_sum", "_bucket"]
        case .gaugehistogram?: return ["_gcount", "_gsum", "_bucket"]
        case .info?: return ["_info"]
        default: return [""]
        }
    }
}

/// One sample line.
struct ExpositionSample {
    /// The full sample name, e.g. `http_requests_total` or `latency_bucket`.
    var name: String
    /// Labels in the order written (names are unique).
    var labels: [(name: String, value: String)]
    /// The same labels as a record carries them.
    var labelSet: Labels
    var value: Double
    /// Milliseconds since the epoch, when the line carries a timestamp.
    var timestamp: Int64?
    /// The timestamp exactly as written, for OpenMetrics ordering checks.
    var timestampSeconds: Double?
    var hasExemplar: Bool
    /// 1-based line number, for messages.
    var line: Int
    /// 1-based byte column of the timestamp (0: none), for messages.
    var timestampColumn = 0

    func label(_ name: String) -> String? { labels.first { $0.name == name }?.value }
}
