import Foundation
import Testing
@testable import VigilIngest
import VigilCore

/// Each case runs with inotify and with polling only.
@Suite struct FileTailerTests {
    static let modes = [true, false]

    @Test(arguments: modes) func followsAppendsFromTheEndByDefault(inotify: Bool) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write(line("old1") + line("old2"), to: path)
        try withTailer(path, tailerOptions(inotify)) { c, t in
            #expect(eventually { t.checkCount > 0 })
            try append(line("new1"), to: path)
            #expect(eventually { c.metrics == ["new1"] })
            try append(line("new2"), to: path)
            #expect(eventually { c.metrics == ["new1", "new2"] })
        }
    }

    @Test(arguments: modes) func fromStartReadsEverything(inotify: Bool) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write(line("a") + line("b"), to: path)
        withTailer(path, tailerOptions(inotify, fromStart: true)) { c, _ in
            #expect(eventually { c.metrics == ["a", "b"] })
        }
    }

    @Test(arguments: modes) func waitsForAFileThatDoesNotExistYet(inotify: Bool) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("later.jsonl")
        try withTailer(path, tailerOptions(inotify)) { c, t in
            #expect(eventually { t.checkCount > 0 })
            try write(line("first"), to: path)
            #expect(eventually { c.metrics == ["first"] })
        }
    }

    @Test(arguments: modes) func partialLineWaitsForItsNewline(inotify: Bool) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write("", to: path)
        try withTailer(path, tailerOptions(inotify)) { c, t in
            #expect(eventually { t.checkCount > 0 })
            // A whole line and the start of the next, in one write: once the
            // whole one arrives, the tailer has read the partial one too.
            try append(line("whole") + #"{"ts":1,"metric":"pa"#, to: path)
            #expect(eventually { c.metrics == ["whole"] })
            #expect(c.metrics == ["whole"])
            #expect(c.health?.malformed ?? 0 == 0)
            try append(#"rt","value":1}"# + "\r\n", to: path)
            #expect(eventually { c.metrics == ["whole", "part"] })
        }
    }

    @Test func stopIsIdempotentAndFinal() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write("", to: path)
        let c = Collector()
        let t = c.tailer(path, tailerOptions(true, fromStart: true))
        t.start()
        try append(line("a"), to: path)
        #expect(eventually { c.metrics == ["a"] })
        t.stop()
        t.stop()
        let n = c.batches
        // A second tailer on the file witnesses the new line; by the time it
        // has it, the stopped one had every chance to deliver it too.
        try withTailer(path, tailerOptions(true, fromStart: true)) { witness, _ in
            try append(line("b"), to: path)
            #expect(eventually { witness.metrics == ["a", "b"] })
        }
        #expect(c.batches == n)
        #expect(c.metrics == ["a"])
    }
}

/// Truncation, rotation, deletion, odd bytes and backpressure.
@Suite struct FileTailerRobustnessTests {
    static let modes = [true, false]

    @Test(arguments: modes) func truncationRestartsFromTheBeginning(inotify: Bool) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write(line("a") + line("b") + line("c"), to: path)
        try withTailer(path, tailerOptions(inotify, fromStart: true)) { c, t in
            #expect(eventually { c.metrics == ["a", "b", "c"] })
            let looked = t.checkCount
            let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try h.truncate(atOffset: 0)
            try h.close()
            // It has looked at the emptied file before the next line comes.
            #expect(eventually { t.checkCount > looked })
            try append(line("d"), to: path)
            #expect(eventually { c.metrics == ["a", "b", "c", "d"] })
        }
    }

    @Test(arguments: modes) func rotationByRenameAndCreate(inotify: Bool) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write(line("a"), to: path)
        try withTailer(path, tailerOptions(inotify, fromStart: true)) { c, _ in
            #expect(eventually { c.metrics == ["a"] })
            // The writer adds a last line to the old file (no newline), then rotates.
            try append(#"{"ts":1,"metric":"old-last","value":1}"#, to: path)
            try FileManager.default.moveItem(atPath: path, toPath: dir.path("m.jsonl.1"))
            try write(line("new1") + line("new2"), to: path)
            #expect(eventually { c.metrics == ["a", "old-last", "new1", "new2"] })
            try append(line("new3"), to: path)
            #expect(eventually { c.metrics == ["a", "old-last", "new1", "new2", "new3"] })
        }
    }

    /// Follows `m.jsonl` holding line `a`, with `quiet` as the rotation
    /// quiet period; once `a` is read, renames it to `m.jsonl.1` and creates
    /// a new `m.jsonl` holding `new1`, then runs `body`.
    func afterRotation(inotify: Bool, quiet: Double,
                       _ body: (Collector, FileTailer, _ old: String) throws -> Void) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write(line("a"), to: path)
        var options = tailerOptions(inotify, fromStart: true)
        options.rotationQuietPeriod = quiet
        try withTailer(path, options) { c, t in
            #expect(eventually { c.metrics == ["a"] })
            try FileManager.default.moveItem(atPath: path, toPath: dir.path("m.jsonl.1"))
            try write(line("new1"), to: path)
            try body(c, t, dir.path("m.jsonl.1"))
        }
    }

    /// A writer that has not reopened the path yet still appends to the old
    /// file after the rotation; `tail -F` loses that line, the tailer drains
    /// the old file until it has been quiet (60 s: longer than the test's steps).
    @Test(arguments: modes) func lineWrittenToTheOldFileAfterRotationIsRead(inotify: Bool) throws {
        try afterRotation(inotify: inotify, quiet: 60) { c, t, old in
            // The tailer has seen the rotation and is draining the old file.
            #expect(eventually { t.isDrainingRotatedFile })
            try append(line("old-late"), to: old)
            #expect(eventually { c.metrics == ["a", "old-late"] })
            #expect(t.isDrainingRotatedFile)
        }
    }

    @Test(arguments: modes) func afterTheQuietPeriodTheNewFileIsFollowed(inotify: Bool) throws {
        try afterRotation(inotify: inotify, quiet: 0.2) { c, t, _ in
            #expect(eventually { c.metrics == ["a", "new1"] })
            #expect(!t.isDrainingRotatedFile)
        }
    }

    @Test(arguments: modes) func deletionAndRecreation(inotify: Bool) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write(line("a"), to: path)
        try withTailer(path, tailerOptions(inotify, fromStart: true)) { c, t in
            #expect(eventually { c.metrics == ["a"] })
            let looked = t.checkCount
            try FileManager.default.removeItem(atPath: path)
            // It has looked again since the file went, and delivered nothing.
            #expect(eventually { t.checkCount > looked })
            #expect(c.metrics == ["a"])
            try write(line("b"), to: path)
            #expect(eventually { c.metrics == ["a", "b"] })
            try append(line("c"), to: path)
            #expect(eventually { c.metrics == ["a", "b", "c"] })
        }
    }

    @Test func startsAfterTheLastCompleteLine() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write(line("old") + #"{"ts":1,"metric":"being-wri"#, to: path)
        try withTailer(path, tailerOptions(true)) { c, t in
            #expect(eventually { t.checkCount > 0 })
            try append(#"tten","value":1}"# + "\n" + line("next"), to: path)
            #expect(eventually { c.metrics == ["being-written", "next"] })
        }
    }

    @Test func crlfAndInvalidUTF8() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        var data = Data(#"{"ts":1,"metric":"crlf","value":1}"#.utf8) + Data([0x0D, 0x0A])
        data += Data(#"{"ts":2,"metric":"bad"#.utf8) + Data([0xC0, 0xFF]) + Data(#"","value":1}"#.utf8) + Data([0x0A])
        try data.write(to: URL(fileURLWithPath: path))
        withTailer(path, tailerOptions(true, fromStart: true)) { c, _ in
            #expect(eventually { c.metrics == ["crlf", "bad\u{FFFD}\u{FFFD}"] })
            #expect(c.health?.malformed == 0)
        }
    }

    @Test func tenMegabyteLineIsSkippedAndCounted() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write("", to: path)
        let c = Collector()
        var o = tailerOptions(true)
        o.maxLineBytes = 1 << 20
        let t = c.tailer(path, o)
        t.start()
        defer { t.stop() }
        #expect(eventually { t.checkCount > 0 })
        // Written in pieces, as a slow writer would, with a record on either side.
        try append(line("before"), to: path)
        try append(#"{"ts":1,"metric":"huge","value":1,"pad":""#, to: path)
        let piece = Data(repeating: 0x78, count: 1 << 20)
        for _ in 0..<10 { try append(piece, to: path) }
        try append("\"}\n" + line("after"), to: path)
        #expect(eventually { c.metrics == ["before", "after"] })
        #expect(c.health?.oversized == 1)
        #expect(c.health?.malformed == 0)
        #expect(c.health?.lastError?.contains("longer than 1048576 bytes") == true, "\(c.health?.lastError ?? "")")
    }

    @Test func slowConsumerPausesReadingAndReportsLag() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        // About 8 MB: many read chunks, so many batches.
        let text = (0..<100_000).map { line("m\($0 % 10)", $0) }.joined()
        try write(text, to: path)
        let c = Collector(delay: 0.05)
        var o = tailerOptions(true, fromStart: true)
        o.maxInFlightBatches = 2
        let t = c.tailer(path, o)
        t.start()
        defer { t.stop() }
        // While the consumer lags, the tailer has stopped reading and says how far behind it is.
        #expect(eventually { t.health.lagBytes > 1_000_000 })
        #expect(c.records.count < 100_000)
        #expect(eventually(timeout: 30) { c.records.count == 100_000 })
        #expect(eventually { t.health.lagBytes == 0 })
        #expect(c.health?.records == 100_000)
    }
}
