import Foundation
import Testing
@testable import VigilIngest
import VigilCore
import VigilSystem
import VigilTestSupport

/// Whatever `vigil parse` prints re-reads to the same samples, whatever
/// the input format: generated samples (fixed seeds), written as native
/// lines (RFC 3339 and epoch forms), Prometheus text, OpenMetrics and OTLP
/// JSON, with times across the whole valid range and at its edges.
@Suite struct RoundTripPropertyTests {
    struct Point {
        var ms: Int64
        var metric: String
        var value: Double
        var labels: [(String, String)]
    }

    /// A time: often an edge of the range or near "now", else anywhere in it.
    func time(_ rng: inout SplitMix64, lo: Int64 = ValidTime.first, hi: Int64 = ValidTime.last) -> Int64 {
        switch rng.below(6) {
        case 0: return lo
        case 1: return hi
        case 2: return 1_771_063_200_000 + Int64(rng.below(86_400_000))
        case 3: return Int64(rng.below(2_000_001)) - 1_000_000
        default: return lo + Int64(bitPattern: rng.next() % UInt64(hi - lo))
        }
    }

    func value(_ rng: inout SplitMix64) -> Double {
        switch rng.below(8) {
        case 0: return Double(rng.below(1000))
        case 1: return -rng.uniform() * 1e6
        case 2: return .infinity
        case 3: return -.infinity
        case 4: return Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) // any finite
        case 5: return 1e-300 * rng.uniform()
        default: return rng.uniform()
        }
    }

    func name(_ rng: inout SplitMix64) -> String {
        let first = Array("abcxyz_:")
        let rest = Array("abcxyz_:0123456789")
        var s = String(first[rng.below(first.count)])
        for _ in 0..<rng.below(12) { s.append(rest[rng.below(rest.count)]) }
        return s
    }

    func labelValue(_ rng: inout SplitMix64) -> String {
        let pieces = ["a", "canary", " ", "\"", "\\", "\n", "é", "😀", "{", "}", ",", "=", "0.5", "\u{1}"]
        var s = ""
        for _ in 0..<rng.below(5) { s += pieces[rng.below(pieces.count)] }
        return s
    }

    func points(seed: UInt64, count: Int, lo: Int64 = ValidTime.first, hi: Int64 = ValidTime.last) -> [Point] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var labels: [(String, String)] = []
            var names = Set<String>()
            for _ in 0..<rng.below(4) {
                let n = "l" + name(&rng).filter { $0 != ":" }
                if names.insert(n).inserted { labels.append((n, labelValue(&rng))) }
            }
            return Point(ms: time(&rng, lo: lo, hi: hi), metric: name(&rng), value: value(&rng), labels: labels)
        }
    }

    // MARK: Writers, one per format

    func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    func expositionValue(_ v: Double) -> String {
        v.isNaN ? "NaN" : v == .infinity ? "+Inf" : v == -.infinity ? "-Inf" : "\(v)"
    }

    func labelText(_ p: Point) -> String {
        p.labels.isEmpty ? "" : "{" + p.labels.map { "\($0.0)=\(quoted($0.1))" }.joined(separator: ",") + "}"
    }

    func prometheus(_ ps: [Point]) -> String {
        ps.map { "\($0.metric)\(labelText($0)) \(expositionValue($0.value)) \($0.ms)\n" }.joined()
    }

    /// Each sample its own family (a gauge), so any name and order is valid.
    func openMetrics(_ ps: [Point]) -> String {
        var seen = Set<String>()
        var out = ""
        for (i, p) in ps.enumerated() {
            let family = "f\(i)_" + p.metric
            guard seen.insert(family).inserted else { continue }
            let seconds = Double(p.ms) / 1000
            out += "# TYPE \(family) gauge\n\(family)\(labelText(p)) \(expositionValue(p.value)) \(seconds)\n"
        }
        return out + "# EOF\n"
    }

    func otlp(_ ps: [Point]) -> String {
        ps.map { p in
            let attributes = p.labels.map { #"{"key":\#(jsonQuoted($0.0)),"value":{"stringValue":\#(jsonQuoted($0.1))}}"# }
            let v = p.value.isFinite ? exactNumberText(p.value) : jsonQuoted(p.value.isNaN ? "NaN" : p.value > 0 ? "Infinity" : "-Infinity")
            return #"{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":\#(jsonQuoted(p.metric)),"gauge":{"dataPoints":[{"attributes":[\#(attributes.joined(separator: ","))],"timeUnixNano":"\#(p.ms * 1_000_000)","asDouble":\#(v)}]}}]}]}]}"#
                + "\n"
        }.joined()
    }

    func native(_ ps: [Point], epoch: Bool) -> String {
        ps.map { p in
            let labels = p.labels.map { "\(jsonQuoted($0.0)):\(jsonQuoted($0.1))" }.joined(separator: ",")
            let v = p.value.isFinite ? exactNumberText(p.value) : jsonQuoted(p.value.isNaN ? "NaN" : p.value > 0 ? "+Inf" : "-Inf")
            let ts = epoch ? String(format: "%.3f", Double(p.ms) / 1000) : jsonQuoted(EventTime(milliseconds: p.ms).iso8601)
            return #"{"ts":\#(ts),"metric":\#(jsonQuoted(p.metric)),"value":\#(v),"labels":{\#(labels)}}"# + "\n"
        }.joined()
    }

    // MARK: The property

    /// `parse` accepts the input, and its output re-read and printed again
    /// is the same text: the same samples, times and labels.
    func roundTrips(_ input: String, _ format: MetricFormat, count: Int) {
        let (printed, failure) = normalized(input, format)
        #expect(failure == nil, "\(format): \(failure?.description ?? "")")
        #expect(printed.count == count, "\(format)")
        let text = printed.map { $0 + "\n" }.joined()
        let (again, second) = normalized(text, .jsonl)
        #expect(second == nil, "\(format): \(second?.description ?? "")")
        #expect(again == printed, "\(format)")
        // And decoding each printed line gives the record it was printed from.
        for line in printed.prefix(50) {
            guard let r = try? record(line) else { Issue.record("\(format): \(line) does not re-read"); continue }
            #expect(encodeNativeLine(r) == line)
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64]) func everyFormatRoundTrips(seed: UInt64) {
        let ps = points(seed: seed, count: 300)
        roundTrips(native(ps, epoch: false), .jsonl, count: ps.count)
        roundTrips(prometheus(ps), .prometheus, count: ps.count)
        roundTrips(openMetrics(ps), .openmetrics, count: ps.count)
        // Epoch seconds as written here have 17 significant digits at most
        // near the edges; OTLP nanoseconds fit int64 only in years 1677-2262.
        roundTrips(native(ps, epoch: true), .jsonl, count: ps.count)
        let otlpRange = points(seed: seed, count: 300, lo: -9_223_372_036_854, hi: 9_223_372_036_854)
        roundTrips(otlp(otlpRange), .otlp, count: otlpRange.count)
    }

    @Test func justOutsideTheRangeIsRejectedInEveryFormat() {
        for ms in [ValidTime.first - 1, ValidTime.last + 1] {
            let p = [Point(ms: ms, metric: "m", value: 1, labels: [])]
            for (format, input) in [(MetricFormat.jsonl, native(p, epoch: true)), (.prometheus, prometheus(p)),
                                    (.openmetrics, openMetrics(p))] {
                let (printed, failure) = normalized(input, format)
                #expect(printed.isEmpty && failure?.message == ValidTime.message, "\(format) \(ms)")
            }
        }
    }
}
