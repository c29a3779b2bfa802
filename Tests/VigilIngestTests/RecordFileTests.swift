import Foundation
import Testing
@testable import VigilIngest
import VigilCore

@Suite struct RecordFileTests {
    @Test func readsRecordsAndCountsHealth() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write("""
        {"ts":10,"metric":"m","value":1}

        {"ts":11,"metric":"m","value":"NaN"}
        not json
        {"ts":9,"metric":"m","value":2}\r
        {"ts":9,"metric":"m","value":3}
        {"ts":12,"event":"state","key":"k","value":"v"}
        {"ts":13,"metric":"m","value":4}
        """, to: path) // the last line has no newline and still counts
        var got: [Record] = []
        let health = try forEachRecord(inFile: path, format: .jsonl) { got.append($0) }
        #expect(got.count == 6)
        #expect(got.first == sample(10_000, "m", 1))
        #expect(got.last == sample(13_000, "m", 4))
        #expect(health.lines == 8)
        #expect(health.records == 6)
        #expect(health.malformed == 1)
        #expect(health.lastError == "line 4, column 1: expected '{' (each line must be one JSON object), found 'n'")
        #expect(health.nonFinite == 1)
        #expect(health.outOfOrder == 1)
        #expect(health.duplicates == 1)
        #expect(health.oversized == 0)
        #expect(health.source == path)
    }

    @Test func missingFileThrows() {
        #expect(throws: FileOpenError.self) {
            _ = try forEachRecord(inFile: "/nonexistent/vigil/x.jsonl", format: .jsonl) { _ in }
        }
    }

    @Test func oversizedLinesAreSkippedWithBoundedBuffer() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("big.jsonl")
        let huge = #"{"ts":1,"metric":"m","value":1,"pad":""# + String(repeating: "x", count: 10 << 20) + "\"}\n"
        try write(#"{"ts":1,"metric":"a","value":1}"# + "\n" + huge + #"{"ts":2,"metric":"b","value":1}"# + "\n", to: path)
        var names: [String] = []
        let health = try forEachRecord(inFile: path, format: .jsonl, maxLineBytes: 1 << 16) {
            if case .sample(let s) = $0 { names.append(s.metric) }
        }
        #expect(names == ["a", "b"])
        #expect(health.oversized == 1)
        #expect(health.lines == 3)
        #expect(health.malformed == 0)
    }

    @Test func bodyErrorsStopReading() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write(String(repeating: #"{"ts":1,"metric":"m","value":1}"# + "\n", count: 10), to: path)
        var n = 0
        #expect(throws: TestFailure.self) {
            _ = try forEachRecord(inFile: path, format: .jsonl) { _ in
                n += 1
                if n == 3 { throw TestFailure("stop") }
            }
        }
        #expect(n == 3)
    }
}
