import Foundation
import Testing
@testable import VigilIngest
import VigilCore

/// Each case runs with inotify and with polling only.
@Suite struct FileTailerTests {
    static let modes = [true, false]

    func options(_ inotify: Bool, fromStart: Bool = false) -> FileTailer.Options {
        var o = FileTailer.Options(fromStart: fromStart)
        o.useInotify = inotify
        o.pollInterval = 0.02
        o.safetyInterval = inotify ? 5 : 0.02 // with inotify, events must do the work
        return o
    }

    @Test(arguments: modes) func followsAppendsFromTheEndByDefault(inotify: Bool) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write(line("old1") + line("old2"), to: path)
        let c = Collector()
        let t = c.tailer(path, options(inotify))
        t.start()
        defer { t.stop() }
        Thread.sleep(forTimeInterval: 0.1)
        try append(line("new1"), to: path)
        #expect(eventually { c.metrics == ["new1"] })
        try append(line("new2"), to: path)
        #expect(eventually { c.metrics == ["new1", "new2"] })
    }

    @Test(arguments: modes) func fromStartReadsEverything(inotify: Bool) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write(line("a") + line("b"), to: path)
        let c = Collector()
        let t = c.tailer(path, options(inotify, fromStart: true))
        t.start()
        defer { t.stop() }
        #expect(eventually { c.metrics == ["a", "b"] })
    }

    @Test(arguments: modes) func waitsForAFileThatDoesNotExistYet(inotify: Bool) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("later.jsonl")
        let c = Collector()
        let t = c.tailer(path, options(inotify))
        t.start()
        defer { t.stop() }
        Thread.sleep(forTimeInterval: 0.1)
        try write(line("first"), to: path)
        #expect(eventually { c.metrics == ["first"] })
    }

    @Test(arguments: modes) func partialLineWaitsForItsNewline(inotify: Bool) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write("", to: path)
        let c = Collector()
        let t = c.tailer(path, options(inotify))
        t.start()
        defer { t.stop() }
        Thread.sleep(forTimeInterval: 0.05)
        try append(#"{"ts":1,"metric":"pa"#, to: path)
        Thread.sleep(forTimeInterval: 0.2)
        #expect(c.records.isEmpty)
        #expect(c.health?.malformed ?? 0 == 0)
        try append(#"rt","value":1}"# + "\r\n", to: path)
        #expect(eventually { c.metrics == ["part"] })
    }

    @Test func stopIsIdempotentAndFinal() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write("", to: path)
        let c = Collector()
        let t = c.tailer(path, options(true, fromStart: true))
        t.start()
        try append(line("a"), to: path)
        #expect(eventually { c.metrics == ["a"] })
        t.stop()
        t.stop()
        let n = c.batches
        try append(line("b"), to: path)
        Thread.sleep(forTimeInterval: 0.2)
        #expect(c.batches == n)
    }
}
