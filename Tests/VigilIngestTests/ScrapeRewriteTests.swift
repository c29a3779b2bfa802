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

    /// A rewrite to as many bytes within one timestamp tick (ext4 before Linux
    /// 6.13 stamps with a clock that ticks every few milliseconds) keeps inode,
    /// size and mtime: the signature alone cannot tell the versions apart.
    @Test func aSameSizeRewriteInTheSameTickIsScraped() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("agent.prom")
        try write("up 1 5000\n", to: path)
        let tick = try modificationTime(path)
        var source = ScrapeSource(source: path, format: .prometheus, maxBytes: 1 << 20)
        #expect(source.poll(path: path, now: nanoseconds(tick)) == [sample(5000, "up", 1)])
        try write("up 2 6000\n", to: path)
        try setModificationTime(path, tick)
        #expect(source.poll(path: path, now: nanoseconds(tick) + 1_000_000) == [sample(6000, "up", 2)])
        #expect(source.poll(path: path, now: nanoseconds(tick) + 2_000_000) == nil, "the same version again")
    }

    /// Once a version is older than any timestamp tick, a rewrite must change
    /// its signature, so an unchanged signature is trusted and not read again.
    @Test func aSettledVersionIsNotReadAgain() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("agent.prom")
        try write("up 1 5000\n", to: path)
        let written = try nanoseconds(modificationTime(path))
        var source = ScrapeSource(source: path, format: .prometheus, maxBytes: 1 << 20)
        var reads = 0
        source.beforeRead = { reads += 1 }
        #expect(source.poll(path: path, now: written) == [sample(5000, "up", 1)])
        #expect(source.poll(path: path, now: written + 10_000_000_000) == nil)
        #expect(reads == 2, "read, then read once more to confirm it settled")
        #expect(source.poll(path: path, now: written + 20_000_000_000) == nil)
        #expect(reads == 2)
    }
}

private func modificationTime(_ path: String) throws -> timespec {
    var st = stat()
    guard stat(path, &st) == 0 else { throw TestFailure("cannot stat \(path)") }
    return st.st_mtim
}

private func setModificationTime(_ path: String, _ time: timespec) throws {
    let times = [time, time] // access, modification
    guard utimensat(AT_FDCWD, path, times, 0) == 0 else { throw TestFailure("cannot set the time of \(path)") }
}

private func nanoseconds(_ t: timespec) -> Int64 { Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec) }
