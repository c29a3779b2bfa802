import Foundation
import Testing
@testable import VigilIngest
import VigilCore

/// A label name given twice resolves by position, never by how the values
/// sort (docs/metrics-format.md, "Label name clashes").
@Suite struct LabelClashTests {
    /// `canary` sorts before `baseline` in neither order of appearance, so a
    /// sort-order rule picks `canary` both times.
    static let lastBaseline = #"{"ts":"2026-02-14T10:00:00.000Z","metric":"m","value":1,"labels":{"variant":"canary","variant":"baseline"}}"#
    static let lastCanary = #"{"ts":"2026-02-14T10:00:00.000Z","metric":"m","value":1,"labels":{"variant":"baseline","variant":"canary"}}"#

    func variant(_ r: Record) -> String? {
        guard case .sample(let s) = r else { return nil }
        return s.labels["variant"]
    }

    @Test func nativeLastOccurrenceWinsInTheGeneralDecoder() throws {
        #expect(variant(try record(Self.lastBaseline)) == "baseline")
        #expect(variant(try record(Self.lastCanary)) == "canary")
        let spaced = #"{"ts": 1, "metric": "m", "value": 1, "labels": {"variant": "canary", "deployment": "a", "variant": "baseline"}}"#
        #expect(try record(spaced) == .sample(Sample(time: EventTime(milliseconds: 1000), metric: "m", value: 1,
                                                     labels: Labels(["variant": "baseline", "deployment": "a"]))))
        // A last null removes the label; a value after a null brings it back.
        #expect(variant(try record(#"{"ts":1,"metric":"m","value":1,"labels":{"variant":"canary","variant":null}}"#)) == nil)
        #expect(variant(try record(#"{"ts":1,"metric":"m","value":1,"labels":{"variant":null,"variant":"canary"}}"#)) == "canary")
    }

    @Test func nativeLastOccurrenceWinsOnTheFastPath() throws {
        var d = NativeLineDecoder()
        for line in [Self.lastBaseline, Self.lastCanary] {
            let bytes = Array(line.utf8)
            // The second decode finds the label set cached and takes the fast path.
            for _ in 0..<2 {
                let decoded = try bytes.withUnsafeBytes { b throws(ScanError) in try d.decodeLine(b) }
                #expect(variant(decoded.record) == (line == Self.lastBaseline ? "baseline" : "canary"))
            }
            #expect(bytes.withUnsafeBytes { d.decodeCommonSample($0.baseAddress!.assumingMemoryBound(to: UInt8.self), $0.count) } != nil)
        }
    }

    @Test func nativeLastOccurrenceWinsInBatches() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("clash.jsonl")
        try write(String(repeating: Self.lastBaseline + "\n", count: 3), to: path)
        var seen: [String?] = []
        _ = try forEachRecordBatch(inFile: path) { batch in
            for r in batch { seen.append(variant(r)) }
        }
        #expect(seen == ["baseline", "baseline", "baseline"])
    }

    @Test func otlpPointAttributeWinsOverTheResource() {
        let line = #"{"resourceMetrics":[{"resource":{"attributes":[{"key":"variant","value":{"stringValue":"canary"}}]},"scopeMetrics":[{"scope":{"attributes":[{"key":"variant","value":{"stringValue":"scope"}}]},"metrics":[{"name":"m","gauge":{"dataPoints":[{"attributes":[{"key":"variant","value":{"stringValue":"baseline"}}],"timeUnixNano":"1771063200000000000","asDouble":1}]}}]}]}]}"#
        let (records, failure) = otlpRecords(line + "\n")
        #expect(failure == nil)
        #expect(records.map(variant) == ["baseline"])
        // And the other way round: the point says canary, the resource baseline.
        let swapped = line.replacingOccurrences(of: "canary", with: "X").replacingOccurrences(of: "baseline", with: "canary")
            .replacingOccurrences(of: "X", with: "baseline")
        #expect(otlpRecords(swapped + "\n").records.map(variant) == ["canary"])
    }

    @Test func expositionRejectsARepeatedLabelName() {
        for openMetrics in [false, true] {
            let text = "m{variant=\"canary\",variant=\"baseline\"} 1\n" + (openMetrics ? "# EOF\n" : "")
            guard case .failure(let f) = parseExposition(text, openMetrics: openMetrics) else {
                Issue.record("accepted a repeated label name"); continue
            }
            #expect(f.message == "duplicate label variant")
            #expect(f.column == 20)
        }
    }
}
