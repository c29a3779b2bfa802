#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import VigilIngest
import VigilCore

/// A scrape file rewritten in place (not by rename) while the tailer looks at
/// it: every version must be scraped exactly once. Each test plays the writer
/// and the tailer by turns, so the interleaving is fixed, not timed.
@Suite struct ScrapeRewriteTests {
    /// The writer's O_TRUNC and its write fall on either side of the tailer's
    /// first look. The mixed look delivers nothing; the full file is scraped once.
    @Test func aRewriteRacingTheReadIsScrapedOnce() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("agent.prom")
        try write("up 1 5000\n", to: path)
        var source = ScrapeSource(source: path, format: .prometheus, maxBytes: 1 << 20)
        var delivered = source.poll(path: path) ?? []
        try write("", to: path) // O_TRUNC: the tailer is woken and finds the file empty...
        source.beforeRead = { try? write("up 2 6000\n", to: path) } // ...and the write lands before it reads.
        delivered += source.poll(path: path) ?? []
        source.beforeRead = {}
        for _ in 0..<3 { delivered += source.poll(path: path) ?? [] } // the write's own wake-ups
        #expect(delivered == [sample(5000, "up", 1), sample(6000, "up", 2)])
        #expect(source.tracker.health.duplicates == 0)
    }

    /// The same, for the broken file of `countersBecomeRatesBetweenScrapes`:
    /// one bad scrape is one malformed input, however the reads fall.
    @Test func aBrokenRewriteRacingTheReadIsCountedOnce() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("agent.prom")
        try write("up 1 5000\n", to: path)
        var source = ScrapeSource(source: path, format: .prometheus, maxBytes: 1 << 20)
        _ = source.poll(path: path)
        try write("", to: path)
        source.beforeRead = { try? write("requests_total{ 1\n", to: path) }
        _ = source.poll(path: path)
        source.beforeRead = {}
        for _ in 0..<3 { _ = source.poll(path: path) }
        #expect(source.tracker.health.malformed == 1)
    }
}
