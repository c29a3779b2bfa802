import Foundation
import Testing
@testable import VigilIngest
import VigilCore

/// Two lines as the OpenTelemetry Collector file exporter writes them
/// (`exporters: file: path: ...`, JSON encoding): one ExportMetricsServiceRequest each.
let otlpExample = """
{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"support-agent"}},{"key":"deployment.environment","value":{"stringValue":"prod"}},{"key":"service.instance.id","value":{"stringValue":"a1b2"}}]},"scopeMetrics":[{"scope":{"name":"vigil.eval","version":"0.3.1"},"metrics":[{"name":"quality.policy_accuracy","description":"Share of answers that match the current policy","unit":"1","gauge":{"dataPoints":[{"attributes":[{"key":"variant","value":{"stringValue":"canary"}}],"startTimeUnixNano":"0","timeUnixNano":"1771063200250000000","asDouble":0.93},{"attributes":[{"key":"variant","value":{"stringValue":"stable"}}],"timeUnixNano":"1771063200250000000","asDouble":0.97}]}},{"name":"requests","unit":"{request}","sum":{"dataPoints":[{"attributes":[{"key":"variant","value":{"stringValue":"canary"}},{"key":"http.response.status_code","value":{"intValue":"200"}},{"key":"cached","value":{"boolValue":false}}],"startTimeUnixNano":"1771063140000000000","timeUnixNano":"1771063200250000000","asInt":"1042"}],"aggregationTemporality":2,"isMonotonic":true}},{"name":"latency","unit":"ms","histogram":{"dataPoints":[{"attributes":[{"key":"variant","value":{"stringValue":"canary"}}],"startTimeUnixNano":"1771063140000000000","timeUnixNano":"1771063200250000000","count":"10","sum":1234.5,"bucketCounts":["1","4","5"],"explicitBounds":[100,250.5],"min":20.1,"max":900,"exemplars":[]}],"aggregationTemporality":2}}]}],"schemaUrl":"https://opentelemetry.io/schemas/1.24.0"}]}
{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"ops-agent"}}],"droppedAttributesCount":0},"scope_metrics":[{"scope":{"name":"vigil.eval"},"metrics":[{"name":"tokens.per_request","summary":{"data_points":[{"time_unix_nano":1771063260000000000,"count":"3","sum":"900","quantile_values":[{"quantile":0.5,"value":280},{"quantile":0.99,"value":410}]}]}},{"name":"quality.policy_accuracy","gauge":{"dataPoints":[{"timeUnixNano":"1771063260000000000","asDouble":"NaN","attributes":[{"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"2"}]}}}]},{"timeUnixNano":"1771063260000000000","flags":1}]}},{"name":"future.kind","someNewType":{"dataPoints":[]}}]}]}]}

"""

func otlpRecords(_ text: String) -> (records: [Record], failure: ParseFailure?) {
    var records: [Record] = []
    var first: ParseFailure?
    var decoder = OTLPDecoder()
    let bytes = Array(text.utf8)
    bytes.withUnsafeBytes { raw in
        forEachLine(raw) { line, n in
            if let f = decoder.decode(line, line: n, into: &records), first == nil { first = f }
        }
    }
    return (records, first)
}

@Suite struct OTLPTests {
    let t = EventTime(milliseconds: 1_771_063_200_250)
    let resource = ["service.name": "support-agent", "deployment.environment": "prod", "service.instance.id": "a1b2"]

    func labels(_ extra: [String: String]) -> Labels { Labels(resource.merging(extra) { $1 }) }

    @Test func decodesTheCollectorExample() throws {
        let (records, failure) = otlpRecords(otlpExample)
        #expect(failure == nil)
        let expected: [Record] = [
            .sample(Sample(time: t, metric: "quality.policy_accuracy", value: 0.93, labels: labels(["variant": "canary"]))),
            .sample(Sample(time: t, metric: "quality.policy_accuracy", value: 0.97, labels: labels(["variant": "stable"]))),
            .sample(Sample(time: t, metric: "requests", value: 1042,
                           labels: labels(["variant": "canary", "http.response.status_code": "200", "cached": "false"]))),
            .sample(Sample(time: t, metric: "latency_count", value: 10, labels: labels(["variant": "canary"]))),
            .sample(Sample(time: t, metric: "latency_sum", value: 1234.5, labels: labels(["variant": "canary"]))),
            .sample(Sample(time: t, metric: "latency_bucket", value: 1, labels: labels(["variant": "canary", "le": "100"]))),
            .sample(Sample(time: t, metric: "latency_bucket", value: 5, labels: labels(["variant": "canary", "le": "250.5"]))),
            .sample(Sample(time: t, metric: "latency_bucket", value: 10, labels: labels(["variant": "canary", "le": "+Inf"]))),
        ]
        #expect(Array(records.prefix(8)) == expected)
        let t2 = EventTime(milliseconds: 1_771_063_260_000)
        let ops = Labels(["service.name": "ops-agent"])
        #expect(records.count == 13)
        #expect(records[8] == .sample(Sample(time: t2, metric: "tokens.per_request_count", value: 3, labels: ops)))
        #expect(records[9] == .sample(Sample(time: t2, metric: "tokens.per_request_sum", value: 900, labels: ops)))
        #expect(records[10] == .sample(Sample(time: t2, metric: "tokens.per_request", value: 280, labels: ops.setting("quantile", "0.5"))))
        #expect(records[11] == .sample(Sample(time: t2, metric: "tokens.per_request", value: 410, labels: ops.setting("quantile", "0.99"))))
        // NaN is kept (the core ignores it); the point flagged "no recorded value" is skipped.
        guard case .sample(let nan) = records[12] else { Issue.record("not a sample"); return }
        #expect(nan.value.isNaN)
        #expect(nan.labels["tags"] == #"["a","2"]"#)
    }

    @Test func badRequestsFailTheLineWithAPosition() {
        let (records, failure) = otlpRecords("""
        {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"asDouble":1}]}}]}]}]}
        {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"timeUnixNano":"1000000","asDouble":1}]}}]}]}]}
        {"resourceMetrics": 3}
        {"resourceMetrics":[
        """)
        #expect(records == [sample(1, "m", 1)])
        #expect(failure == ParseFailure(line: 1, column: 85, message: "a data point needs \"timeUnixNano\""))
    }

    @Test func forEachRecordAndHealth() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("otel.jsonl")
        try write(otlpExample + "not json\n", to: path)
        var n = 0
        let health = try forEachRecord(inFile: path, format: .otlp) { _ in n += 1 }
        // 13 points as decoded raw, less the monotonic cumulative sum's first
        // point: the pipeline turns it into a rate, which needs two points.
        #expect(n == 12)
        #expect(health.records == 12)
        #expect(health.malformed == 1)
        #expect(health.nonFinite == 1)
        #expect(health.lines == 3)
    }
}
