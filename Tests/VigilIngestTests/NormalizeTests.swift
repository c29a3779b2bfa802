import Foundation
import Testing
@testable import VigilIngest
import VigilCore

func normalized(_ text: String, _ format: MetricFormat, defaultTime: EventTime? = nil) -> ([String], ParseFailure?) {
    var lines: [String] = []
    let bytes = Array(text.utf8)
    let f = bytes.withUnsafeBytes { normalize(input: $0, format: format, defaultTime: defaultTime) { lines.append($0) } }
    return (lines, f)
}

@Suite struct EncodeAndNormalizeTests {
    @Test func encodingIsDeterministic() {
        let r = sample(1_771_063_200_250, "quality.policy_accuracy", 0.93, ["variant": "canary", "deployment": "support-agent"])
        #expect(encodeNativeLine(r) == #"{"ts":"2026-02-14T10:00:00.250Z","metric":"quality.policy_accuracy","value":0.93,"labels":{"deployment":"support-agent","variant":"canary"}}"#)
        let d = Record.event(Event(time: EventTime(milliseconds: 0),
                                   kind: .deploy(DeployEvent(flag: "f", from: "v1", to: "v2", weight: 10))))
        #expect(encodeNativeLine(d) == #"{"ts":"1970-01-01T00:00:00.000Z","event":"deploy","flag":"f","from":"v1","to":"v2","weight":10}"#)
        #expect(encodeNativeLine(sample(0, "m", .infinity)) == #"{"ts":"1970-01-01T00:00:00.000Z","metric":"m","value":"+Inf"}"#)
        #expect(encodeNativeLine(sample(0, "q\"\n\u{1}é", 1e300)) == #"{"ts":"1970-01-01T00:00:00.000Z","metric":"q\"\n\u0001é","value":1e+300}"#)
    }

    @Test func roundTrip() throws {
        let t = EventTime(milliseconds: 1_771_063_200_250)
        let records: [Record] = [
            sample(1_771_063_200_250, "quality.policy_accuracy", 0.93, ["deployment": "support-agent", "variant": "canary"]),
            sample(-1, "neg", -0.0001234, [:]),
            sample(ValidTime.last, "far future", Double.leastNonzeroMagnitude * 2_024, ["k": "\u{0}\t\"\\😀"]),
            sample(ValidTime.first, "far past", 123_456_789_012_345_680, [:]),
            sample(5, "big", 0.1 + 0.2, ["a": ""]),
            sample(5, "minus-inf", -.infinity, [:]),
            .event(Event(time: t, kind: .deploy(DeployEvent(flag: "support-agent.model", from: "v1", to: "v2", weight: 12.5)),
                         labels: Labels(["deployment": "support-agent"]))),
            .event(Event(time: t, kind: .deploy(DeployEvent(flag: "f", from: nil, to: "v2")))),
            .event(Event(time: t, kind: .belief(BeliefEvent(agent: "ops-agent", key: "freeze.active", believed: "false", action: "db.write")))),
            .event(Event(time: t, kind: .belief(BeliefEvent(agent: "a", key: "k", believed: "true")))),
            .event(Event(time: t, kind: .state(StateEvent(key: "freeze.active", value: "true")))),
            .event(Event(time: t, kind: .other(name: "incident"), labels: Labels(["sev": "1"]))),
        ]
        for r in records {
            let line = encodeNativeLine(r)
            #expect(try record(line) == r, "\(line)")
        }
        // NaN does not equal itself; check it separately.
        guard case .sample(let s) = try record(encodeNativeLine(sample(0, "n", .nan))) else { Issue.record("not a sample"); return }
        #expect(s.value.isNaN)
    }

    @Test func normalizeJSONLKeepsGoingAndReportsTheFirstError() {
        let (lines, f) = normalized("""
        {"metric":"m","value":1,"ts":1}

        {"ts":1,"metric":"m","value":}
        {"ts":2,"event":"state","value":"on","key":"k"}
        oops
        """, .jsonl)
        #expect(lines == [#"{"ts":"1970-01-01T00:00:01.000Z","metric":"m","value":1}"#,
                          #"{"ts":"1970-01-01T00:00:02.000Z","event":"state","key":"k","value":"on"}"#])
        #expect(f == ParseFailure(line: 3, column: 30, message: "expected a value, found '}'"))
    }

    @Test func normalizeExpositions() {
        let (lines, f) = normalized("# TYPE a counter\na_total{x=\"1\"} 3 1.5\n# EOF\n", .openmetrics)
        #expect(f == nil)
        #expect(lines == [#"{"ts":"1970-01-01T00:00:01.500Z","metric":"a_total","value":3,"labels":{"x":"1"}}"#])
        let (none, g) = normalized("a 1\n", .prometheus)
        #expect(none.isEmpty && g?.line == 1)
        let (timed, h) = normalized("a 1\n", .prometheus, defaultTime: EventTime(milliseconds: 1000))
        #expect(h == nil && timed == [#"{"ts":"1970-01-01T00:00:01.000Z","metric":"a","value":1}"#])
        let (_, bad) = normalized("a 1\n", .openmetrics)
        #expect(bad?.description == "line 1, column 1: missing # EOF at the end")
    }

    @Test func normalizeOTLP() {
        let (lines, f) = normalized(otlpExample, .otlp)
        #expect(f == nil)
        #expect(lines.count == 13)
        #expect(lines[0] == #"{"ts":"2026-02-14T10:00:00.250Z","metric":"quality.policy_accuracy","value":0.93,"labels":{"deployment.environment":"prod","service.instance.id":"a1b2","service.name":"support-agent","variant":"canary"}}"#)
    }

    @Test func normalizeFile() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write(#"{"ts":1,"metric":"m","value":1}"# + "\n" + #"{"ts":2}"# + "\n", to: path)
        var lines: [String] = []
        let f = try normalize(path: path, format: .jsonl) { lines.append($0) }
        #expect(lines.count == 1)
        #expect(f?.description == #"line 2, column 1: an object needs "metric" (a sample) or "event""#)
        #expect(throws: FileOpenError.self) { _ = try normalize(path: dir.path("nope"), format: .jsonl) { _ in } }
    }

    /// `vigil parse FILE` streams every format as a watch reads it; for the
    /// line formats that must be what reading the whole input gives: the
    /// same lines and the same first failure, across read chunks (the input
    /// is over 256 KiB), blank lines, CRLF, skipped evaluation events and a
    /// last line without its newline.
    @Test func streamingAFileGivesWhatTheWholeInputGives() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let native = [
            #"{"ts":"2026-02-14T10:00:00.250Z","metric":"m","value":0.93,"labels":{"variant":"canary"}}"#,
            #"{"ts": 1771063200.5, "metric": "m", "value": 1e-3}"#, "", #"{"ts":2}"#,
            #"{"ts":"2026-02-14T10:00:01Z","event":"deploy","flag":"f","to":"v2"}"# + "\r", "not json",
        ]
        let otlp = otlpExample.split(separator: "\n").map(String.init)
            + otlpEvaluationExample.split(separator: "\n").map(String.init) + ["{\"resourceMetrics\":[{]}"]
        for (format, lines) in [(MetricFormat.jsonl, native), (.otlp, otlp)] {
            var text = ""
            var k = 0
            while text.utf8.count < 300_000 { text += lines[k % lines.count] + "\n"; k += 1 }
            text += lines[0] // no newline at the end
            let (whole, wholeFailure) = normalized(text, format)
            let path = dir.path("m-\(format)")
            try write(text, to: path)
            var streamed: [String] = []
            let failure = try normalize(path: path, format: format) { streamed.append($0) }
            #expect(streamed == whole, "\(format)")
            #expect(failure == wholeFailure, "\(format)")
            #expect(!whole.isEmpty && wholeFailure != nil, "\(format)")
        }
    }
}
