import VigilCore
@testable import VigilIngest

/// Prometheus text, OpenMetrics and OTLP JSON, through what `vigil parse`
/// runs: never a crash or hang, and every line printed re-reads to the same
/// record (`RoundTrip`). An exposition parses to the same records and the
/// same failure with the parser's series cache as without it.
enum ExpositionHarness {
    /// A fixed scrape time, so a run is reproducible.
    static let scrapeTime = EventTime(milliseconds: 1_771_063_200_000)

    static func run(_ input: UnsafeRawBufferPointer, format: MetricFormat) {
        _ = normalize(input: input, format: format, defaultTime: scrapeTime) { line in
            RoundTrip.check(line, input)
        }
        guard format == .prometheus || format == .openmetrics else { return }
        let om = format == .openmetrics
        // As printed lines: a NaN sample is not == to itself.
        let cached = ExpositionParser.parse(input, openMetrics: om)
            .flatMap { $0.records(defaultTime: scrapeTime) }.map { $0.map(encodeNativeLine) }
        let plain = ExpositionParser.parse(input, openMetrics: om, cachingSeries: false)
            .flatMap { $0.records(defaultTime: scrapeTime) }.map { $0.map(encodeNativeLine) }
        if cached != plain { violated("the series cache changed the parse:\n  \(cached)\n  \(plain)", input) }
    }
}
