import Testing
@testable import VigilIngest
import VigilCore
import VigilTestSupport

/// The chunked, parallel reader must be indistinguishable from
/// `forEachRecord`: same records in the same order, same health, line
/// numbers counted from the start of the file across chunk edges.
@Suite struct ParallelRecordFileTests {
    func lines() -> String {
        var out: [String] = []
        for i in 0..<400 {
            let ts = 1_771_063_200 + (i == 250 ? -30 : i)     // one out-of-order line
            if i % 3 == 0 && i != 250 {
                // The same time as an RFC 3339 string: the common shape, which the fast path decodes.
                let clock = "2026-02-14T10:0\(i / 60):" + (i % 60 < 10 ? "0" : "") + "\(i % 60).000Z"
                out.append(#"{"ts":"\#(clock)","metric":"errors.rate","value":0.\#(i % 10),"labels":{"deployment":"d\#(i % 7)"}}"#)
            } else {
                out.append(#"{"ts":\#(ts),"metric":"errors.rate","value":0.\#(i % 10),"labels":{"deployment":"d\#(i % 7)"}}"#)
            }
            if i == 99 { out.append("not json at all") }
            if i == 199 { out.append("") }
            if i == 299 { out.append(#"{"ts":1771063500,"metric":"m","value":"NaN"}"#) }
            if i == 300 { out.append(out[out.count - 1]) }     // line 300 again: a duplicate timestamp
            if i == 350 { out.append(String(repeating: "x", count: 3000)) }
        }
        out.append(#"{"ts":1771063999,"metric":"tail","value":1}"#)  // no newline at the end
        return out.joined(separator: "\n")
    }

    /// The tailer's one-core path, read to the end of a file (what the
    /// one-core parse figure times), gives the same records and health too.
    @Test func theTailersPathReadsTheSameAsTheSequentialReader() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        // Over 256 KiB, so the tailer's buffer is filled several times.
        let text = String(repeating: lines() + "\n", count: 12) + lines()
        try write(text, to: path)
        var sequential: [Record] = []
        let expected = try forEachRecord(inFile: path, format: .jsonl, maxLineBytes: 2048) { sequential.append($0) }
        var tailed: [Record] = []
        var batches = 0
        let health = try forEachTailedBatch(inFile: path, maxLineBytes: 2048) { tailed += $0; batches += 1 }
        #expect(tailed.map(encodeNativeLine) == sequential.map(encodeNativeLine))
        #expect(tailed.count == 13 * 403)
        #expect(health == expected, "\(health) vs \(expected)")
        #expect(batches > 1)
    }

    @Test(arguments: [64, 1000, 1 << 20])
    func sameRecordsAndHealthAsTheSequentialReader(chunkBytes: Int) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write(lines(), to: path)
        var sequential: [Record] = []
        let expected = try forEachRecord(inFile: path, format: .jsonl, maxLineBytes: 2048) { sequential.append($0) }
        var parallel: [Record] = []
        let health = try forEachRecordBatch(inFile: path, maxLineBytes: 2048, chunkBytes: chunkBytes) { parallel += $0 }
        // Compared as encoded lines: a NaN sample never equals itself.
        #expect(parallel.map(encodeNativeLine) == sequential.map(encodeNativeLine))
        #expect(parallel.count == 403)   // 400 lines, the NaN, the duplicate, the tail
        #expect(health == expected, "\(health) vs \(expected)")
        #expect(health.malformed == 1 && health.oversized == 1 && health.nonFinite == 1)
        #expect(health.outOfOrder >= 1 && health.duplicates == 1)
        // The over-long line is line 356 of the file, whatever chunk it fell in.
        #expect(health.lastError?.hasPrefix("line 356,") == true, "\(health.lastError ?? "nil")")
    }

    /// The chunked reader decodes a common line before it has looked for the
    /// line's end; line ends (`\r\n`, a bare `\r` at the end, none), the
    /// line limit and line numbers must still come out as the sequential
    /// reader has them.
    @Test(arguments: [1, 64, 1 << 20], [nil, "\r"])
    func commonLinesEndAndOverflowAsTheSequentialReaderSays(chunkBytes: Int, last: String?) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        func line(_ i: Int, metric: String = "errors.rate") -> String {
            #"{"ts":"2026-02-14T10:00:\#(10 + i).000Z","metric":"\#(metric)","value":\#(i),"labels":{"deployment":"a"}}"#
        }
        let long = String(repeating: "m", count: 60)
        var text = line(0) + "\n" + line(1) + "\r\n" + line(2, metric: long) + "\n" + line(3) + "\r\r\n"
        text += line(4) + "\n\n" + line(5) + "\rx\n" + line(6) + (last ?? "")
        try write(text, to: path)
        var sequential: [Record] = []
        let expected = try forEachRecord(inFile: path, format: .jsonl, maxLineBytes: 120) { sequential.append($0) }
        var parallel: [Record] = []
        let health = try forEachRecordBatch(inFile: path, maxLineBytes: 120, chunkBytes: chunkBytes) { parallel += $0 }
        #expect(parallel == sequential)
        #expect(health == expected, "\(health) vs \(expected)")
        #expect(sequential.count == 5 && health.oversized == 1 && health.malformed == 1 && health.lines == 8, "\(expected)")
    }

    /// Differential: files of common lines, mutated lines (bytes changed,
    /// removed, newlines inserted) and assorted line ends, read both ways.
    @Test(arguments: [(UInt64(1), 1), (2, 97), (3, 4096), (4, 1 << 20)])
    func mutatedFilesReadAsTheSequentialReaderReadsThem(seed: UInt64, chunkBytes: Int) throws {
        var rng = SplitMix64(seed: seed)
        let mutations = MutationTests()
        let ends: [[UInt8]] = [[0x0A], [0x0D, 0x0A], [0x0D, 0x0D, 0x0A], [0x0A, 0x0A], [0x0D, 0x0A, 0x0A]]
        var bytes: [UInt8] = []
        for i in 0..<3_000 {
            let line = Array(NativeFastPathTests.seeds[i % NativeFastPathTests.seeds.count].utf8)
            bytes += rng.below(3) == 0 ? mutations.mutate(line, &rng) : line
            if i < 2_999 { bytes += ends[rng.below(ends.count)] }
        }
        if seed % 2 == 0 { bytes.append(0x0D) }   // a bare CR after the last line
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("m.jsonl")
        try write(String(decoding: bytes, as: UTF8.self), to: path)
        var sequential: [Record] = []
        let expected = try forEachRecord(inFile: path, format: .jsonl, maxLineBytes: 120) { sequential.append($0) }
        var parallel: [Record] = []
        let health = try forEachRecordBatch(inFile: path, maxLineBytes: 120, chunkBytes: chunkBytes) { parallel += $0 }
        #expect(parallel.map(encodeNativeLine) == sequential.map(encodeNativeLine))
        #expect(health == expected, "\(health) vs \(expected)")
        #expect(expected.records > 1_500 && expected.malformed > 100 && expected.oversized > 0, "\(expected)")
    }

    @Test func anEmptyFileHasNothingAndAMissingOneThrows() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try write("", to: dir.path("e.jsonl"))
        var n = 0
        let h = try forEachRecordBatch(inFile: dir.path("e.jsonl")) { n += $0.count }
        #expect(n == 0 && h.lines == 0)
        #expect(throws: FileOpenError.self) { try forEachRecordBatch(inFile: dir.path("nope.jsonl")) { _ in } }
    }
}
