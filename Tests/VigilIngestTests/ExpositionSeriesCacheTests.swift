import Testing
@testable import VigilIngest
import VigilCore
import VigilTestSupport

/// A series seen before is taken from the parser's cache by the bytes of
/// its name and label set. Every sample must still carry exactly the labels
/// written on its own line, whatever its values hold (quotes, escapes,
/// braces, blanks), and a line that reuses a cached prefix is still judged
/// on the rest.
@Suite struct ExpositionSeriesCacheTests {
    /// Label values with the characters that end a label set or a value
    /// when read carelessly, in the text format's escaping.
    static let pieces: [(raw: String, escaped: String)] = [
        ("a", "a"), ("}", "}"), ("{", "{"), (" ", " "), (",", ","), ("=", "="), ("\"", "\\\""),
        ("\\", "\\\\"), ("\n", "\\n"), ("é", "é"), ("\\x", "\\x"), ("} 1 2", "} 1 2"),
    ]

    @Test func everySampleCarriesItsOwnLines() throws {
        var rng = SplitMix64(seed: 19)
        for round in 0..<40 {
            // A few series, each written on many lines in random order.
            let series: [[(String, String, String)]] = (0..<Int.random(in: 1...6, using: &rng)).map { k in
                (0..<Int.random(in: 1...3, using: &rng)).map { j in
                    let parts = (0..<Int.random(in: 0...4, using: &rng)).map { _ in Self.pieces.randomElement(using: &rng)! }
                    return ("l\(j)", parts.map(\.raw).joined() + "\(k)", parts.map(\.escaped).joined() + "\(k)")
                }
            }
            var text = ""
            var expected: [(Int, Double)] = []
            for n in 0..<60 {
                let k = Int.random(in: 0..<series.count, using: &rng)
                let labels = series[k].map { "\($0.0)=\"\($0.2)\"" }.joined(separator: ",")
                text += "m{\(labels)} \(n) \(1_000 + n)\n"
                expected.append((k, Double(n)))
            }
            // The same as parsing every line's labels anew.
            let bytes = Array(text.utf8)
            let uncached = try bytes.withUnsafeBytes {
                try ExpositionParser.parse($0, openMetrics: false, cachingSeries: false).get()
            }
            let e = try parseExposition(text, openMetrics: false).get()
            #expect(e.families.flatMap(\.samples).map(\.labelSet) == uncached.families.flatMap(\.samples).map(\.labelSet))
            let samples = e.families.flatMap(\.samples)
            try #require(samples.count == expected.count, "round \(round)")
            for (s, (k, value)) in zip(samples, expected) {
                let want = series[k].map { Label($0.0, $0.1) }
                #expect(s.labels.map { Label($0.name, $0.value) } == want, "round \(round) line \(s.line)")
                #expect(s.labelSet == Labels(want), "round \(round) line \(s.line)")
                #expect(s.value == value)
            }
        }
    }

    @Test func aCachedSeriesDoesNotExcuseTheRestOfItsLine() {
        let good = "m{a=\"1\"} 1 1000\n"
        for bad in ["m{a=\"1\"} x 1000\n", "m{a=\"1\"}1 1000\n", "m{a=\"1\"} 1 1000 extra\n", "m{a=\"1\"} 1 1.5\n"] {
            guard case .failure(let f) = parseExposition(good + bad, openMetrics: false) else {
                Issue.record("\(bad.debugDescription) parsed"); continue
            }
            #expect(f.line == 2, "\(bad.debugDescription)")
        }
    }

    @Test func aLabelSetThatFailedIsNotRemembered() {
        // The second line has the same bytes up to its closing brace: it
        // must fail as the first would, not be taken from the cache.
        for bad in ["m{a=\"1\",a=\"2\"} 1 1000\n", "m{__x=\"1\"} 1 1000\n", "m{__name__=\"n\"} 1 1000\n"] {
            guard case .failure(let f) = parseExposition("m{b=\"0\"} 1 1000\n" + bad + bad, openMetrics: false) else {
                Issue.record("\(bad.debugDescription) parsed"); continue
            }
            #expect(f.line == 2, "\(bad.debugDescription)")
        }
    }
}
