import Foundation
import Testing
@testable import VigilIngest
import VigilCore

/// One valid time range (`ValidTime`: years 0000 to 9999 UTC) in every
/// format: a time outside is an error with the same message, never clamped.
@Suite struct TimestampRangeTests {
    let message = ValidTime.message

    @Test func nativeISOAndEpochFormsOutsideTheRangeAreRejected() throws {
        for ts in [#""9999-12-31T23:59:60Z""#, #""0000-01-01T00:00:00+00:01""#, #""9999-12-31T23:59:59.9995Z""#,
                   "253402300800", "-62167219200.001", "1e300", "-1e300", "1e13"] {
            let f = failure(#"{"ts":\#(ts),"metric":"m","value":1}"#)
            #expect(f?.message == message, "\(ts): \(f?.description ?? "accepted")")
            #expect(f?.column == 7 || f?.column == 8, "\(ts)")
        }
        // The edges themselves are in.
        #expect(try record(#"{"ts":"0000-01-01T00:00:00Z","metric":"m","value":1}"#).time.milliseconds == ValidTime.first)
        #expect(try record(#"{"ts":"9999-12-31T23:59:59.999Z","metric":"m","value":1}"#).time.milliseconds == ValidTime.last)
        #expect(try record(#"{"ts":253402300799.999,"metric":"m","value":1}"#).time.milliseconds == ValidTime.last)
        #expect(try record(#"{"ts":-62167219200,"metric":"m","value":1}"#).time.milliseconds == ValidTime.first)
    }

    @Test func aRememberedPrefixCannotCarryATimeOutOfRange() {
        // The parser remembers the date-hour-minute of the line before; the
        // last minute of 9999 is never remembered, so its leap second is checked.
        var d = NativeLineDecoder()
        for line in [#"{"ts":"9999-12-31T23:59:58.000Z","metric":"m","value":1}"#,
                     #"{"ts":"9999-12-31T23:59:60.000Z","metric":"m","value":1}"#] {
            let result = Array(line.utf8).withUnsafeBytes { b -> ScanError? in
                do throws(ScanError) { _ = try d.decodeLine(b); return nil } catch { return error }
            }
            #expect((result?.message == message) == line.contains(":60."), "\(line)")
        }
    }

    @Test func prometheusMillisecondsOutsideTheRangeAreRejected() {
        for ts in ["253402300800000", "-62167219200001", "9223372036854775807"] {
            let text = "m 1 \(ts)\n"
            let f = normalizeFailure(text, .prometheus)
            #expect(f?.message == message, "\(ts): \(f?.description ?? "accepted")")
            #expect(f?.column == 5)
        }
        #expect(normalizeFailure("m 1 253402300799999\n", .prometheus) == nil)
    }

    @Test func openMetricsSecondsOutsideTheRangeAreRejectedNotClamped() {
        for ts in ["253402300800", "12345678901234567890.1234567890", "-1e20"] {
            let text = "m 1 \(ts)\n# EOF\n"
            // Still OpenMetrics syntax (its conformance suite has such a case)...
            #expect((try? parseExposition(text, openMetrics: true).get()) != nil)
            // ... but not a time Vigil can keep.
            let f = normalizeFailure(text, .openmetrics)
            #expect(f?.message == message, "\(ts): \(f?.description ?? "accepted")")
            #expect(f?.line == 1 && f?.column == 5)
        }
    }

    @Test func otlpNanosecondsBeyondInt64AreOutOfRange() {
        let line = #"{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"timeUnixNano":"99999999999999999999","asDouble":1}]}}]}]}]}"#
        #expect(otlpRecords(line + "\n").failure?.message == message)
        let number = line.replacingOccurrences(of: #""99999999999999999999""#, with: "1e30")
        #expect(otlpRecords(number + "\n").failure?.message == message)
        let text = line.replacingOccurrences(of: #""99999999999999999999""#, with: #""soon""#)
        #expect(otlpRecords(text + "\n").failure?.message == "expected an integer (int64 as a string or number)")
    }

    @Test func aScrapeWithATimeOutOfRangeIsMalformed() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.prom")
        try write("a 1 1000\nb 1 253402300800000\n", to: path)
        var delivered = 0
        let health = try forEachRecord(inFile: path, format: .prometheus) { _ in delivered += 1 }
        #expect(delivered == 0)
        #expect(health.malformed == 1)
        #expect(health.lastError == "line 2, column 5: \(message)")
    }

    func normalizeFailure(_ text: String, _ format: MetricFormat) -> ParseFailure? {
        Array(text.utf8).withUnsafeBytes { normalize(input: $0, format: format, defaultTime: EventTime(milliseconds: 0)) { _ in } }
    }
}
