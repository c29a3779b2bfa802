import Foundation
import Testing
@testable import VigilApp
import VigilCore
import VigilIngest
import VigilTestSupport

/// `vigil parse` writes its lines through one buffer: every line arrives,
/// whole and in order, past the points where the buffer is written out, and
/// a failed write is reported rather than lost.
@Suite struct NativeLinesOutputTests {
    func record(_ i: Int) -> Record {
        .sample(Sample(time: EventTime(milliseconds: 1_771_063_200_000 + Int64(i)), metric: "quality.score",
                       value: Double(i) / 7, labels: Labels([Label("deployment", "d\(i % 5)")])))
    }

    @Test func writesEveryLineInOrder() throws {
        let path = temporaryDirectory("native-lines") + "/out.jsonl"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(fd >= 0)
        // Enough lines to fill the buffer several times over.
        var output = NativeLinesOutput(fd: fd)
        for i in 0..<5_000 { output.write(record(i)) }
        try output.finish()
        close(fd)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == (0..<5_000).map { encodeNativeLine(record($0)) + "\n" }.joined())
    }

    @Test func aFailedWriteIsThrownByFinish() throws {
        let path = temporaryDirectory("native-lines-ro") + "/out.jsonl"
        FileManager.default.createFile(atPath: path, contents: nil)
        let fd = open(path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        var output = NativeLinesOutput(fd: fd)
        for i in 0..<5_000 { output.write(record(i)) }
        #expect(throws: (any Error).self) { try output.finish() }
    }
}
