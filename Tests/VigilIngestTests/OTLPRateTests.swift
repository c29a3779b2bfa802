import Testing
@testable import VigilIngest
import VigilCore

@Suite struct OTLPRateTests {
    func line(_ value: Int, atSeconds s: Int64, temporality: String = "AGGREGATION_TEMPORALITY_CUMULATIVE",
              monotonic: Bool = true, start: Int64 = 1_771_063_200) -> String {
        #"{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"support-agent"}}]},"scopeMetrics":[{"metrics":[{"name":"http.requests","sum":{"aggregationTemporality":"\#(temporality)","isMonotonic":\#(monotonic),"dataPoints":[{"startTimeUnixNano":"\#(start)000000000","timeUnixNano":"\#(s)000000000","asInt":"\#(value)"}]}}]}]}]}"#
    }

    func decode(_ decoder: inout OTLPDecoder, _ text: String) -> [Double] {
        var out: [Record] = []
        var bytes = Array(text.utf8)
        let failure = bytes.withUnsafeMutableBytes { decoder.decode(UnsafeRawBufferPointer($0), line: 1, into: &out) }
        #expect(failure == nil)
        return out.compactMap { if case .sample(let s) = $0 { return s.value } else { return nil } }
    }

    @Test func monotonicCumulativeSumsBecomePerSecondRates() {
        var d = OTLPDecoder(cumulativeSumsAsRates: true)
        #expect(decode(&d, line(1000, atSeconds: 1_771_063_210)).isEmpty, "the first point has no interval")
        #expect(decode(&d, line(1600, atSeconds: 1_771_063_220)) == [60])
        #expect(decode(&d, line(100, atSeconds: 1_771_063_230)) == [10], "a drop is a reset")
    }

    @Test func deltaSumsAreDividedByTheirInterval() {
        var d = OTLPDecoder(cumulativeSumsAsRates: true)
        #expect(decode(&d, line(300, atSeconds: 1_771_063_230, temporality: "AGGREGATION_TEMPORALITY_DELTA",
                                start: 1_771_063_200)) == [10])
    }

    @Test func rawWhenNotAskedOrNotMonotonic() {
        var raw = OTLPDecoder()
        #expect(decode(&raw, line(1000, atSeconds: 1_771_063_210)) == [1000])
        var d = OTLPDecoder(cumulativeSumsAsRates: true)
        #expect(decode(&d, line(7, atSeconds: 1_771_063_210, monotonic: false)) == [7])
    }
}
