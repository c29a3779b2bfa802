import Testing
@testable import VigilIngest
import VigilCore
import VigilTestSupport

/// Deterministic mutation testing: damaged inputs must never crash a decoder,
/// and whatever still decodes must survive an encode/decode round trip.
@Suite struct MutationTests {
    static let seeds: [String] = [
        #"{"ts": "2026-02-14T10:00:00.250Z", "metric": "quality.policy_accuracy", "value": 0.93, "labels": {"deployment": "support-agent", "variant": "canary"}}"#,
        #"{"ts":1771063200.25,"event":"deploy","flag":"support-agent.model","from":"v1","to":"v2","weight":10,"labels":{"d":"s"}}"#,
        #"{"ts":"2026-02-14T11:00:00+01:00","event":"belief","agent":"a\u00e9","key":"k\ud83d\ude00","believed":"false","action":"x"}"#,
        #"{"x":[1,{"y":null}],"ts":-1e3,"metric":"m\n","value":"-Inf"}"#,
    ]

    func mutate(_ bytes: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = bytes
        let interesting: [UInt8] = [0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x3A, 0x2C, 0x00, 0x0A, 0xFF, 0xC3, 0xED, 0x75, 0x30, 0x2D, 0x65]
        for _ in 0...rng.below(4) {
            guard !b.isEmpty else { break }
            let i = rng.below(b.count)
            switch rng.below(5) {
            case 0: b[i] = UInt8(truncatingIfNeeded: rng.next())
            case 1: b[i] = interesting[rng.below(interesting.count)]
            case 2: b.remove(at: i)
            case 3: b.insert(interesting[rng.below(interesting.count)], at: i)
            default: b = Array(b[..<i])
            }
        }
        return b
    }

    @Test func nativeDecoderSurvivesMutations() {
        var rng = SplitMix64(seed: 42)
        var cached = NativeLineDecoder()
        var decoded = 0
        for round in 0..<20_000 {
            let seed = Array(Self.seeds[round % Self.seeds.count].utf8)
            let input = mutate(seed, &rng)
            let a = input.withUnsafeBytes { decodeNativeLine($0, line: 1) }
            let b = input.withUnsafeBytes { cached.decode($0, line: 1) }
            switch (a, b) {
            case (.success(let x), .success(let y)):
                #expect(x == y || x.map(isNaNSample) == true)
                if let x {
                    decoded += 1
                    let again = Array(encodeNativeLine(x).utf8).withUnsafeBytes { decodeNativeLine($0, line: 1) }
                    if case .success(let z?) = again { #expect(z == x || isNaNSample(x)) } else { Issue.record("re-decode failed") }
                }
            case (.failure(let f), .failure(let g)):
                #expect(f == g)
                #expect(f.column >= 1 && f.column <= input.count + 1)
            default:
                Issue.record("cached and uncached decoders disagree on \(String(decoding: input, as: UTF8.self))")
            }
        }
        #expect(decoded > 100)
    }

    func isNaNSample(_ r: Record) -> Bool {
        if case .sample(let s) = r { return s.value.isNaN }
        return false
    }

    @Test func expositionAndOTLPParsersSurviveMutations() {
        var rng = SplitMix64(seed: 7)
        let om = Array("""
        # TYPE a histogram
        # HELP a h\\n
        a_bucket{le="1.0",x="y # z"} 0 1.5 # {t="1"} 0.5 1
        a_bucket{le="+Inf",x="y # z"} 3 1.5
        a_count{x="y # z"} 3 1.5
        a_sum{x="y # z"} 2 1.5
        # EOF

        """.utf8)
        let otlp = Array(otlpExample.utf8)
        for _ in 0..<5_000 {
            let m = mutate(om, &rng)
            _ = m.withUnsafeBytes { ExpositionParser.parse($0, openMetrics: true) }
            _ = m.withUnsafeBytes { ExpositionParser.parse($0, openMetrics: false) }
            var records: [Record] = []
            var d = OTLPDecoder()
            let o = mutate(otlp, &rng)
            o.withUnsafeBytes { raw in forEachLine(raw) { l, n in _ = d.decode(l, line: n, into: &records) } }
        }
    }
}
