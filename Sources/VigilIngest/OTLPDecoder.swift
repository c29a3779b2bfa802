import VigilCore
import VigilSystem

/// Decodes OTLP JSON metrics as the OpenTelemetry Collector file exporter
/// writes them: one `ExportMetricsServiceRequest` per line,
/// `resourceMetrics → scopeMetrics → metrics → gauge | sum | histogram |
/// summary | exponentialHistogram → dataPoints`. Field names may be
/// lowerCamelCase or snake_case; int64 values may be strings or numbers;
/// unknown fields are ignored. Resource attributes and point attributes
/// (which win on a clash) become labels.
///
/// - gauge and sum points: one sample named after the metric. With
///   `cumulativeSumsAsRates` (the live and replay pipeline), a monotonic
///   cumulative sum becomes a per-second rate between consecutive points, as
///   a Prometheus counter does (the first point yields nothing; a drop is a
///   reset), and a monotonic delta sum is divided by its interval. Without it
///   (`vigil parse`) sums keep their raw value;
/// - histogram points: `<name>_count`, `<name>_sum` (when present) and
///   cumulative `<name>_bucket` samples with an `le` label, like Prometheus;
/// - summary points: `<name>_count`, `<name>_sum` and `<name>` per quantile
///   with a `quantile` label;
/// - exponential histogram points: `<name>_count` and `<name>_sum`.
///
/// Points flagged "no recorded value" are skipped.
///
/// A line may also be an `ExportLogsServiceRequest`: its GenAI evaluation
/// events become quality samples (`OTLPEvaluations.swift`).
struct OTLPDecoder {
    /// Turn monotonic sums into per-second rates (see above).
    var cumulativeSumsAsRates = false
    private var rates = RateTracker()
    /// The evaluation events of the last line decoded that could not become
    /// samples (docs/metrics-format.md); the caller counts them.
    var skipped: [ParseFailure] = []
    var skippedEvents: [ScanError] = []

    init(cumulativeSumsAsRates: Bool = false) { self.cumulativeSumsAsRates = cumulativeSumsAsRates }

    mutating func decode(_ bytes: UnsafeRawBufferPointer, line: Int, into records: inout [Record]) -> ParseFailure? {
        skipped.removeAll()
        guard let raw = bytes.baseAddress, bytes.count > 0 else { return nil }
        var c = JSONCursor(raw.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        c.skipWhitespace()
        if c.atEnd { return nil }
        let first = records.count
        do throws(ScanError) {
            guard c.current == 0x7B else { throw c.error("expected '{' (each line must be one export request)") }
            let root: JSONNode
            do { root = try JSONParser.parse(Array(bytes)) } catch { throw ScanError(offset: error.offset, message: error.message) }
            try request(root, into: &records)
            try logs(root, into: &records)
            skipped = skippedEvents.map { $0.failure(line: line) }
            skippedEvents.removeAll()
            return nil
        } catch {
            records.removeSubrange(first...)
            skippedEvents.removeAll()
            return error.failure(line: line)
        }
    }

    private mutating func request(_ root: JSONNode, into out: inout [Record]) throws(ScanError) {
        for rm in try list(root, "resourceMetrics", "resource_metrics") {
            let resourceLabels = try attributes(rm["resource"]?["attributes"])
            for sm in try list(rm, "scopeMetrics", "scope_metrics", "instrumentationLibraryMetrics") {
                for metric in try list(sm, "metrics") {
                    try self.metric(metric, resourceLabels, into: &out)
                }
            }
        }
    }

    private mutating func metric(_ m: JSONNode, _ resource: [Label], into out: inout [Record]) throws(ScanError) {
        guard let name = m["name"]?.stringValue, !name.isEmpty else {
            throw ScanError(offset: m.offset, message: "a metric needs a \"name\"")
        }
        if let g = m["gauge"] ?? m["sum"] {
            let monotonic = m["sum"]?[firstOf: "isMonotonic", "is_monotonic"]?.boolValue ?? false
            let temporality = m["sum"]?[firstOf: "aggregationTemporality", "aggregation_temporality"]
            let isDelta = temporality?.stringValue == "AGGREGATION_TEMPORALITY_DELTA" || (try? temporality.map(number)) == 1
            let asRate = cumulativeSumsAsRates && monotonic
            for p in try list(g, "dataPoints", "data_points") where !noValue(p) {
                let (time, labels) = try timeAndLabels(p, resource)
                let v: Double
                if let d = p[firstOf: "asDouble", "as_double"] {
                    v = try number(d)
                } else if let i = p[firstOf: "asInt", "as_int"] {
                    v = try number(i)
                } else {
                    throw ScanError(offset: p.offset, message: "a data point needs \"asDouble\" or \"asInt\"")
                }
                if asRate {
                    let start = try p[firstOf: "startTimeUnixNano", "start_time_unix_nano"].map { n throws(ScanError) in try integer(n) }
                    guard let r = rate(name, labels, v, at: time, delta: isDelta, startNanos: start) else { continue }
                    out.append(.sample(Sample(time: time, metric: name, value: r, labels: labels)))
                } else {
                    out.append(.sample(Sample(time: time, metric: name, value: v, labels: labels)))
                }
            }
        } else if let h = m["histogram"] {
            for p in try list(h, "dataPoints", "data_points") where !noValue(p) {
                let (time, labels) = try timeAndLabels(p, resource)
                try countAndSum(p, name, time, labels, into: &out)
                let counts = try p[firstOf: "bucketCounts", "bucket_counts"]?.elements?.map { n throws(ScanError) in try number(n) } ?? []
                let bounds = try p[firstOf: "explicitBounds", "explicit_bounds"]?.elements?.map { n throws(ScanError) in try number(n) } ?? []
                guard counts.isEmpty || counts.count == bounds.count + 1 else {
                    throw ScanError(offset: p.offset, message: "bucketCounts must have one more entry than explicitBounds")
                }
                var cumulative = 0.0
                for (i, count) in counts.enumerated() {
                    cumulative += count
                    let le = i < bounds.count ? exactNumberText(bounds[i]) : "+Inf"
                    out.append(.sample(Sample(time: time, metric: name + "_bucket", value: cumulative,
                                              labels: labels.setting("le", le))))
                }
            }
        } else if let s = m["summary"] {
            for p in try list(s, "dataPoints", "data_points") where !noValue(p) {
                let (time, labels) = try timeAndLabels(p, resource)
                try countAndSum(p, name, time, labels, into: &out)
                for q in try list(p, "quantileValues", "quantile_values") {
                    let quantile = try q["quantile"].map { n throws(ScanError) in try number(n) } ?? 0
                    let value = try q["value"].map { n throws(ScanError) in try number(n) } ?? 0
                    out.append(.sample(Sample(time: time, metric: name, value: value,
                                              labels: labels.setting("quantile", exactNumberText(quantile)))))
                }
            }
        } else if let e = m[firstOf: "exponentialHistogram", "exponential_histogram"] {
            for p in try list(e, "dataPoints", "data_points") where !noValue(p) {
                let (time, labels) = try timeAndLabels(p, resource)
                try countAndSum(p, name, time, labels, into: &out)
            }
        }
        // Metrics with no known data field are ignored (forward compatibility).
    }

    /// Per-second rate of a monotonic sum; nil when there is no interval yet.
    private mutating func rate(_ name: String, _ labels: Labels, _ v: Double, at time: EventTime,
                               delta: Bool, startNanos: Int64?) -> Double? {
        if delta {
            guard let s = startNanos, time.milliseconds > s / 1_000_000 else { return nil }
            return v / (Double(time.milliseconds - s / 1_000_000) / 1000)
        }
        return rates.rate(name: name, value: v, labels: labels, at: time)
    }

    private func countAndSum(_ p: JSONNode, _ name: String, _ time: EventTime, _ labels: Labels,
                             into out: inout [Record]) throws(ScanError) {
        if let c = p["count"] {
            out.append(.sample(Sample(time: time, metric: name + "_count", value: try number(c), labels: labels)))
        }
        if let s = p["sum"], !s.isNull {
            out.append(.sample(Sample(time: time, metric: name + "_sum", value: try number(s), labels: labels)))
        }
    }

    /// `flags` bit 0 is FLAG_NO_RECORDED_VALUE.
    private func noValue(_ p: JSONNode) -> Bool {
        guard let f = p["flags"], let v = try? number(f) else { return false }
        return Int64(exactly: v).map { $0 & 1 == 1 } ?? false
    }

    private func timeAndLabels(_ p: JSONNode, _ resource: [Label]) throws(ScanError) -> (EventTime, Labels) {
        guard let t = p[firstOf: "timeUnixNano", "time_unix_nano"] else {
            throw ScanError(offset: p.offset, message: "a data point needs \"timeUnixNano\"")
        }
        return (try time(t), Labels(resource + (try attributes(p["attributes"]))))
    }

    /// An int64 of nanoseconds since the epoch, rounded to milliseconds.
    func time(_ t: JSONNode) throws(ScanError) -> EventTime {
        guard let nanos = try? integer(t) else {
            // A number beyond int64 nanoseconds is a time out of range, not a type error.
            if let v = try? number(t), v.isFinite { throw ScanError(offset: t.offset, message: ValidTime.message) }
            throw ScanError(offset: t.offset, message: "expected an integer (int64 as a string or number)")
        }
        let ms = nanos.dividedReportingOverflow(by: 1_000_000).partialValue
            + (nanos % 1_000_000 >= 500_000 ? 1 : (nanos % 1_000_000 <= -500_000 ? -1 : 0))
        // Always true for int64 nanoseconds (years 1677 to 2262); kept so the
        // range is checked in one way in every format.
        guard ValidTime.contains(ms) else { throw ScanError(offset: t.offset, message: ValidTime.message) }
        return EventTime(milliseconds: ms)
    }

    func list(_ node: JSONNode, _ keys: String...) throws(ScanError) -> [JSONNode] {
        for k in keys {
            guard let v = node[k] else { continue }
            if v.isNull { return [] }
            guard let a = v.elements else { throw ScanError(offset: v.offset, message: "\"\(k)\" must be an array") }
            return a
        }
        return []
    }

    /// OTLP attributes (`[{"key": ..., "value": AnyValue}]`) as labels.
    func attributes(_ node: JSONNode?) throws(ScanError) -> [Label] {
        guard let node, !node.isNull else { return [] }
        guard let items = node.elements else { throw ScanError(offset: node.offset, message: "\"attributes\" must be an array") }
        var out: [Label] = []
        for kv in items {
            guard let key = kv["key"]?.stringValue else {
                throw ScanError(offset: kv.offset, message: "an attribute needs a string \"key\"")
            }
            out.append(Label(key, try anyValue(kv["value"])))
        }
        return out
    }

    /// An AnyValue as label text: strings as is, numbers and booleans as
    /// written, arrays and key-value lists as compact JSON, bytes as base64.
    func anyValue(_ node: JSONNode?) throws(ScanError) -> String {
        guard let node, case .object(let members) = node.value, let (kind, v) = members.first.map({ ($0.key, $0.value) })
        else { return "" }
        switch kind {
        case "stringValue", "string_value", "bytesValue", "bytes_value":
            return v.stringValue ?? ""
        case "boolValue", "bool_value":
            if case .bool(let b) = v.value { return b ? "true" : "false" }
            return v.stringValue ?? ""
        case "intValue", "int_value":
            return String(try integer(v))
        case "doubleValue", "double_value":
            return exactNumberText(try number(v))
        case "arrayValue", "array_value":
            let values = try list(v, "values").map { n throws(ScanError) in try anyValue(n) }
            return "[" + values.map(jsonQuoted).joined(separator: ",") + "]"
        case "kvlistValue", "kvlist_value":
            let pairs = try attributes(v["values"])
            return "{" + pairs.map { jsonQuoted($0.name) + ":" + jsonQuoted($0.value) }.joined(separator: ",") + "}"
        default:
            return ""
        }
    }

    /// A number, a decimal string (int64s are strings in OTLP JSON), or "NaN"/"Infinity"/"-Infinity".
    func number(_ node: JSONNode) throws(ScanError) -> Double {
        switch node.value {
        case .number: if let v = node.numberValue { return v }
        case .string(let s):
            if let v = specialValue(s) { return v }
            if let v = Double(s) { return v }
        default: break
        }
        throw ScanError(offset: node.offset, message: "expected a number")
    }

    func integer(_ node: JSONNode) throws(ScanError) -> Int64 {
        switch node.value {
        case .number(let text):
            if let i = Int64(text) { return i }
            if let i = node.numberValue.flatMap({ Int64(exactly: $0.rounded()) }) { return i }
        case .string(let s):
            if let i = Int64(s) { return i }
        default: break
        }
        throw ScanError(offset: node.offset, message: "expected an integer (int64 as a string or number)")
    }
}

/// Shortest text that reads back as the same Double (`1`, `0.25`, `1e+21`).
func exactNumberText(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
}
