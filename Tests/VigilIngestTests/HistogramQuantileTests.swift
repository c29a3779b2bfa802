import Testing
@testable import VigilIngest
import VigilCore

@Suite struct HistogramQuantileTests {
    // Cumulative: 10 in ≤0.1, 30 in ≤0.5, 90 in ≤1, 100 in total.
    let buckets: [(le: Double, count: Double)] = [(0.1, 10), (0.5, 30), (1, 90), (.infinity, 100)]

    @Test func interpolatesInsideTheBucketHoldingTheRank() throws {
        // Median: rank 50 lies in (0.5, 1] holding 60; 20 into it: 0.5 + 0.5 * 20/60.
        let p50 = try #require(histogramQuantile(0.5, buckets: buckets))
        #expect(abs(p50 - (0.5 + 0.5 * 20 / 60)) < 1e-12)
        // p10 is exactly the first bucket's bound; within it from 0.
        #expect(histogramQuantile(0.1, buckets: buckets) == 0.1)
        #expect(histogramQuantile(0.05, buckets: buckets) == 0.05)
    }

    @Test func aRankInTheInfiniteBucketAnswersTheHighestFiniteBound() {
        #expect(histogramQuantile(0.95, buckets: buckets) == 1)
    }

    @Test func orderDoesNotMatterAndBadInputGivesNothing() {
        #expect(histogramQuantile(0.5, buckets: buckets.reversed()) == histogramQuantile(0.5, buckets: buckets))
        #expect(histogramQuantile(0.5, buckets: [(1, 0), (.infinity, 0)]) == nil)
        #expect(histogramQuantile(0.5, buckets: [(1, 5)]) == nil)
        #expect(histogramQuantile(1.5, buckets: buckets) == nil)
    }

    @Test func scrapesEmitTheAskedQuantilesFromBucketRates() throws {
        var source = ScrapeSource(source: "t.prom", format: .prometheus, maxBytes: 1 << 20, quantiles: [0.5, 0.99])
        func scrape(_ counts: [Double], at seconds: Int64) -> [Record] {
            let text = """
            # TYPE latency_seconds histogram
            latency_seconds_bucket{route="/a",le="0.1"} \(counts[0])
            latency_seconds_bucket{route="/a",le="0.5"} \(counts[1])
            latency_seconds_bucket{route="/a",le="1"} \(counts[2])
            latency_seconds_bucket{route="/a",le="+Inf"} \(counts[3])
            latency_seconds_sum{route="/a"} 1
            latency_seconds_count{route="/a"} \(counts[3])

            """
            return source.scrape(Array(text.utf8), time: EventTime(milliseconds: seconds * 1000))
        }
        #expect(scrape([0, 0, 0, 0], at: 0).isEmpty, "the first scrape has no rates yet")
        let out = scrape([10, 30, 90, 100], at: 10)
        let quantiles = out.compactMap { r -> (String, Double)? in
            guard case .sample(let s) = r, s.metric == "latency_seconds", let q = s.labels["quantile"] else { return nil }
            #expect(s.labels["route"] == "/a")
            #expect(s.labels["le"] == nil)
            return (q, s.value)
        }
        #expect(quantiles.map(\.0) == ["0.5", "0.99"])
        #expect(abs(quantiles[0].1 - (0.5 + 0.5 * 20 / 60)) < 1e-9)
        #expect(quantiles[1].1 == 1)
    }
}
