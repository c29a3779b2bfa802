import VigilCore
import VigilSystem

/// OpenTelemetry GenAI evaluation events in OTLP JSON logs (an
/// `ExportLogsServiceRequest` per line, as the Collector's file exporter
/// writes it): `resourceLogs → scopeLogs → logRecords`. A log record whose
/// event name (`eventName`, or the older `event.name` attribute) is
/// `gen_ai.evaluation.result` becomes one quality sample; other log records
/// are not metrics and are ignored. The mapping is in
/// docs/metrics-format.md ("OTel GenAI evaluation events").
///
/// An evaluation event that cannot become a sample (no name, no score, a
/// score label outside the mapping, no time) is skipped and reported in
/// `skipped`, so its source counts it; the rest of the line is delivered.
/// A line whose structure is wrong (an array that is not one, a time that
/// is not an integer) fails as a whole, as for metrics.
extension OTLPDecoder {
    static let evaluationEvent = "gen_ai.evaluation.result"

    mutating func logs(_ root: JSONNode, into out: inout [Record]) throws(ScanError) {
        for rl in try list(root, "resourceLogs", "resource_logs") {
            let resource = try attributes(rl["resource"]?["attributes"])
            for sl in try list(rl, "scopeLogs", "scope_logs", "instrumentationLibraryLogs") {
                for record in try list(sl, "logRecords", "log_records") {
                    try evaluation(record, resource, into: &out)
                }
            }
        }
    }

    private mutating func evaluation(_ record: JSONNode, _ resource: [Label], into out: inout [Record]) throws(ScanError) {
        guard record.members != nil else { throw ScanError(offset: record.offset, message: "a log record must be an object") }
        let attributeNodes = try list(record, "attributes")
        let eventName = record[firstOf: "eventName", "event_name"]?.stringValue
            ?? attributeNodes.last(where: { $0["key"]?.stringValue == "event.name" })?["value"]?["stringValue"]?.stringValue
        guard eventName == Self.evaluationEvent else { return }
        let attributes = try self.attributes(record["attributes"])
        func attribute(_ key: String) -> String? { attributes.last(where: { $0.name == key })?.value }
        func skip(_ why: String) { skippedEvents.append(ScanError(offset: record.offset, message: why)) }

        guard let name = attribute("gen_ai.evaluation.name"), let metric = Self.qualityMetric(name) else {
            return skip("evaluation event without \"gen_ai.evaluation.name\"; skipped")
        }
        let value: Double
        if let node = attributeNodes.last(where: { $0["key"]?.stringValue == "gen_ai.evaluation.score.value" })?["value"],
           let score = try Self.score(node, self) {
            value = score
        } else if let label = attribute("gen_ai.evaluation.score.label") {
            guard let mapped = Self.scoreLabel(label) else {
                return skip("evaluation \"\(name)\": score label \"\(label)\" is not one Vigil maps to 1 or 0; skipped")
            }
            value = mapped
        } else {
            return skip("evaluation \"\(name)\" without a score value or label; skipped")
        }
        // OTLP writes 0 for "unknown"; the observed time stands in for it.
        let stamps = [record[firstOf: "timeUnixNano", "time_unix_nano"],
                      record[firstOf: "observedTimeUnixNano", "observed_time_unix_nano"]]
        guard let stamp = stamps.compactMap({ $0 }).first(where: { (try? integer($0)) != 0 }) else {
            return skip("evaluation \"\(name)\" without \"timeUnixNano\" or \"observedTimeUnixNano\"; skipped")
        }
        let time = try self.time(stamp)
        out.append(.sample(Sample(time: time, metric: metric, value: value,
                                  labels: Self.labels(resource: resource, event: attributes))))
    }

    /// `quality.` and the evaluation name lowercased, every character other
    /// than an ASCII letter or digit written `_` (`Answer Relevancy` →
    /// `quality.answer_relevancy`); nil for an empty name.
    static func qualityMetric(_ evaluation: String) -> String? {
        guard !evaluation.isEmpty else { return nil }
        var name = "quality."
        for c in evaluation.unicodeScalars {
            switch c.value {
            case 0x30...0x39, 0x61...0x7A: name.unicodeScalars.append(c)
            case 0x41...0x5A: name.unicodeScalars.append(Unicode.Scalar(c.value + 0x20)!)
            default: name.append("_")
            }
        }
        return name
    }

    /// A score given as `doubleValue` or `intValue` (a number, or an int64
    /// or decimal as a string); nil if the attribute holds something else.
    private static func score(_ node: JSONNode, _ decoder: OTLPDecoder) throws(ScanError) -> Double? {
        guard let member = node.members?.first else { return nil }
        switch member.key {
        case "doubleValue", "double_value", "intValue", "int_value": return try decoder.number(member.value)
        default: return nil
        }
    }

    /// The documented score labels, compared without regard to case.
    static func scoreLabel(_ label: String) -> Double? {
        switch label.lowercased() {
        case "pass", "passed", "correct", "relevant", "true", "yes": return 1
        case "fail", "failed", "incorrect", "not_relevant", "irrelevant", "false", "no": return 0
        default: return nil
        }
    }

    /// The attributes that are the evaluation itself (its name, score and
    /// explanation) or one response (`gen_ai.response.id`) are not labels:
    /// a label per explanation or response would make every sample its own
    /// series.
    private static func isLabel(_ key: String) -> Bool {
        !(key.hasPrefix("gen_ai.evaluation.") || key == "gen_ai.response.id" || key == "event.name")
    }

    /// Resource and event attributes (the event's win), plus `deployment`
    /// from `service.name` and `variant` from `gen_ai.request.model` unless
    /// an attribute of that name is given.
    static func labels(resource: [Label], event: [Label]) -> Labels {
        var labels = Labels(resource + event.filter { isLabel($0.name) })
        if labels["deployment"] == nil, let service = labels["service.name"] {
            labels = labels.setting("deployment", service)
        }
        if labels["variant"] == nil, let model = labels["gen_ai.request.model"] {
            labels = labels.setting("variant", model)
        }
        return labels
    }
}
