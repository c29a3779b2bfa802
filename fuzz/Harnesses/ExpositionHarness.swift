import VigilCore
import VigilIngest

/// Prometheus text, OpenMetrics and OTLP JSON, through what `vigil parse`
/// runs: never a crash or hang, and every line printed re-reads to the same
/// record (`RoundTrip`).
enum ExpositionHarness {
    /// A fixed scrape time, so a run is reproducible.
    static let scrapeTime = EventTime(milliseconds: 1_771_063_200_000)

    static func run(_ input: UnsafeRawBufferPointer, format: MetricFormat) {
        _ = normalize(input: input, format: format, defaultTime: scrapeTime) { line in
            RoundTrip.check(line, input)
        }
    }
}
