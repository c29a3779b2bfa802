import Foundation
import Glibc
import Testing
@testable import VigilIngest
import VigilCore
import VigilTestSupport

/// A followed file replaced by something that is not a file: the tailer must
/// not hang on it (a read-only open of a FIFO waits for a writer forever),
/// must say what is there, and must recover when the file comes back.
@Suite struct UnreadableSourceTests {
    @Test(arguments: [true, false]) func aFIFOOrADirectoryIsReportedAndTheFileIsReadWhenItReturns(inotify: Bool) throws {
        let dir = temporaryDirectory("unreadable")
        let path = dir + "/metrics.jsonl"
        #expect(mkfifo(path, 0o600) == 0)
        try withTailer(path, tailerOptions(inotify, fromStart: true)) { c, _ in
            #expect(eventually { c.health?.unreadable == "a FIFO, not a regular file" }, "\(String(describing: c.health))")
            unlink(path)
            #expect(mkdir(path, 0o700) == 0)
            #expect(eventually { c.health?.unreadable == "a directory, not a regular file" }, "\(String(describing: c.health))")
            rmdir(path)
            try line("back").write(toFile: path, atomically: true, encoding: .utf8)
            #expect(eventually { c.metrics == ["back"] && c.health?.unreadable == nil }, "\(String(describing: c.health))")
        }
    }

    @Test func aScrapeFileReplacedByAFIFOIsReportedWithoutBlocking() throws {
        let dir = temporaryDirectory("unreadable-scrape")
        let path = dir + "/metrics.prom"
        #expect(mkfifo(path, 0o600) == 0)
        var options = tailerOptions(false, fromStart: true)
        options.format = .prometheus
        withTailer(path, options) { c, _ in
            #expect(eventually { c.health?.unreadable == "a FIFO, not a regular file" }, "\(String(describing: c.health))")
        }
    }

    /// A typo'd path must not pass for a quiet feed: until the file is
    /// created it is reported (tailed and scraped alike), then read.
    @Test(arguments: [MetricFormat.jsonl, .prometheus]) func aMissingFileIsReportedUntilItIsCreated(format: MetricFormat) throws {
        let dir = temporaryDirectory("missing")
        let path = dir + (format == .jsonl ? "/metrics.jsonl" : "/metrics.prom")
        var options = tailerOptions(false, fromStart: true)
        options.format = format
        try withTailer(path, options) { c, _ in
            #expect(eventually { c.health?.unreadable == FollowedFile.missingReason }, "\(String(describing: c.health))")
            let text = format == .jsonl ? line("back") : "back 1\n"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(eventually { c.metrics == ["back"] && c.health?.unreadable == nil }, "\(String(describing: c.health))")
        }
    }

    @Test func followedFileOpenSaysWhy() throws {
        let dir = temporaryDirectory("followed")
        #expect(FollowedFile.open(dir + "/none") == .missing)
        #expect(FollowedFile.open(dir) == .unreadable("a directory, not a regular file"))
        #expect(FollowedFile.open(dir + "/none/x") == .missing)
        try "x".write(toFile: dir + "/file", atomically: true, encoding: .utf8)
        #expect(FollowedFile.open(dir + "/file/x") == .unreadable("cannot open: Not a directory"))
    }
}
