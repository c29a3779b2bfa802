import Foundation
import Testing
@testable import VigilIngest
import VigilCore

/// Decodes one line given as a String.
func decode(_ text: String, line: Int = 1) -> Result<Record?, ParseFailure> {
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBytes { decodeNativeLine(UnsafeRawBufferPointer($0), line: line) }
}

func decodeBytes(_ bytes: [UInt8], line: Int = 1) -> Result<Record?, ParseFailure> {
    bytes.withUnsafeBytes { decodeNativeLine($0, line: line) }
}

func record(_ text: String) throws -> Record {
    switch decode(text) {
    case .success(let r?): return r
    case .success(nil): throw TestFailure("blank line")
    case .failure(let f): throw TestFailure(f.description)
    }
}

func failure(_ text: String) -> ParseFailure? {
    if case .failure(let f) = decode(text) { return f }
    return nil
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A fresh temporary directory, removed by `cleanup()`.
struct TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

func append(_ text: String, to path: String) throws {
    try append(Data(text.utf8), to: path)
}

func append(_ data: Data, to path: String) throws {
    guard let h = FileHandle(forWritingAtPath: path) else { throw TestFailure("cannot open \(path)") }
    defer { try? h.close() }
    try h.seekToEnd()
    try h.write(contentsOf: data)
}

/// The package root, found from this file's path.
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func sample(_ ms: Int64, _ metric: String, _ value: Double, _ labels: [String: String] = [:]) -> Record {
    .sample(Sample(time: EventTime(milliseconds: ms), metric: metric, value: value, labels: Labels(labels)))
}
