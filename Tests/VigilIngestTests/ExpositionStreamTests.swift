import Foundation
import Testing
@testable import VigilIngest
import VigilCore
import VigilTestSupport

/// Streaming an exposition file (bounded memory) gives exactly what parsing
/// it whole gives: the same samples in the same order, the same failure.
@Suite struct ExpositionStreamTests {
    struct Outcome: Equatable {
        var samples: [String]
        var failure: ParseFailure?
    }

    func describe(_ s: ExpositionSample) -> String {
        "\(s.line) \(s.name) \(s.labels.map { "\($0.name)=\($0.value)" }) \(s.value.bitPattern) \(s.timestamp.map(String.init) ?? "-")"
    }

    func whole(_ bytes: [UInt8], openMetrics: Bool) -> Outcome {
        switch bytes.withUnsafeBytes({ ExpositionParser.parse($0, openMetrics: openMetrics) }) {
        case .success(let e): return Outcome(samples: e.families.flatMap(\.samples).map(describe), failure: nil)
        case .failure(let f): return Outcome(samples: [], failure: f)
        }
    }

    /// Samples up to the failure are delivered while streaming; compare
    /// them only when the whole parse succeeds.
    func streamed(_ path: String, openMetrics: Bool, chunk: Int) throws -> Outcome {
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var samples: [String] = []
        do {
            _ = try streamExposition(fd: fd, path: path, openMetrics: openMetrics, maxLineBytes: 1 << 20,
                                     chunkBytes: chunk) { samples.append(describe($0)) }
            return Outcome(samples: samples, failure: nil)
        } catch let f as ParseFailure {
            return Outcome(samples: [], failure: f)
        }
    }

    static let prometheusTexts = [
        "",
        "\n\n",
        "a 1\nb{x=\"1\"} 2 1000\r\n# HELP a x\n# TYPE a counter\na 3\nb 4",
        "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\nh 7\n",
        "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_sum 2\ns_count 1\n# TYPE s gauge\ns 4\n",
        "a{x=\"1\",} 1\n  \nbad line here\n",
        "a 1 253402300800000\n",
        "a 1\n" + String(repeating: "b{x=\"y\"} 2\n", count: 300),
    ]

    @Test func theConformanceCasesStreamAsTheyParseWhole() throws {
        let root = packageRoot.appendingPathComponent("Tests/Conformance/openmetrics/parsers").path
        let names = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        #expect(names.count == 211)
        for name in names {
            let path = root + "/" + name + "/metrics"
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let expected = whole(Array(data), openMetrics: true)
            for chunk in [1, 5, 64, 1 << 20] {
                let got = try streamed(path, openMetrics: true, chunk: chunk)
                #expect(got == expected, "\(name), chunk \(chunk)")
            }
        }
    }

    @Test func prometheusTextStreamsAsItParsesWhole() throws {
        let dir = temporaryDirectory("stream")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (i, text) in Self.prometheusTexts.enumerated() {
            let path = dir + "/\(i).prom"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let expected = whole(Array(text.utf8), openMetrics: false)
            for chunk in [1, 3, 64, 1 << 20] {
                #expect(try streamed(path, openMetrics: false, chunk: chunk) == expected, "text \(i), chunk \(chunk)")
            }
        }
    }

    /// Samples go to the caller as their lines are read, not after the file:
    /// a line appended while the first sample is handled is still read.
    @Test func samplesArriveWhileTheFileIsRead() throws {
        let dir = temporaryDirectory("stream-live")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/m.prom"
        try Data(String(repeating: "a 1\n", count: 2000).utf8).write(to: URL(fileURLWithPath: path))
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var count = 0
        _ = try streamExposition(fd: fd, path: path, openMetrics: false, maxLineBytes: 1 << 20, chunkBytes: 4096) { _ in
            count += 1
            if count == 1 {
                let h = try #require(FileHandle(forWritingAtPath: path))
                try h.seekToEnd()
                try h.write(contentsOf: Data("late 2\n".utf8))
                try h.close()
            }
        }
        #expect(count == 2001)
    }

    @Test func aLineOverTheLimitIsAFailure() throws {
        let dir = temporaryDirectory("stream-long")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/m.prom"
        try Data(("a 1\nb{x=\"" + String(repeating: "y", count: 5000) + "\"} 1\n").utf8).write(to: URL(fileURLWithPath: path))
        var lines: [String] = []
        let failure = try normalize(path: path, format: .prometheus, maxLineBytes: 1000) { lines.append($0) }
        #expect(lines.isEmpty)
        #expect(failure == ParseFailure(line: 2, column: 1001, message: "line longer than 1000 bytes"))
    }

    @Test func normalizingAFileWritesNothingForABadFile() throws {
        let dir = temporaryDirectory("stream-bad")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/m.om"
        try Data("# TYPE a gauge\na 1 1\n# TYPE b gauge\nb 2 2\n".utf8).write(to: URL(fileURLWithPath: path))
        var lines: [String] = []
        let failure = try normalize(path: path, format: .openmetrics) { lines.append($0) }
        #expect(lines.isEmpty)
        #expect(failure?.message.contains("EOF") == true)
        try Data("# TYPE a gauge\na 1 1\n# TYPE b gauge\nb 2 2\n# EOF\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try normalize(path: path, format: .openmetrics) { lines.append($0) } == nil)
        #expect(lines == [#"{"ts":"1970-01-01T00:00:01.000Z","metric":"a","value":1}"#,
                          #"{"ts":"1970-01-01T00:00:02.000Z","metric":"b","value":2}"#])
    }
}
