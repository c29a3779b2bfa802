#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VigilCore

/// The file could not be opened or read.
public struct FileOpenError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var code: Int32
    public init(path: String, code: Int32) { self.path = path; self.code = code }
    public var description: String { "cannot read \(path): \(String(cString: strerror(code)))" }
}

/// Reads a whole file in `format` and calls `body` for each record in file
/// order. Malformed and oversized lines are counted in the returned health,
/// never thrown. Throws `FileOpenError` only when the file cannot be opened
/// or read, and whatever `body` throws (which stops the reading).
public func forEachRecord(inFile path: String, format: MetricFormat, maxLineBytes: Int = 1 << 20,
                          _ body: (Record) throws -> Void) throws -> SourceHealth {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileOpenError(path: path, code: errno) }
    defer { close(fd) }
    switch format {
    case .jsonl, .otlp:
        var source = LineSource(source: path, format: format, maxLineBytes: maxLineBytes)
        try readToEnd(&source, fd: fd, path: path, drained: { try $0.drain(body) }, ended: { try $0.finish(body) })
        return source.tracker.health
    case .prometheus, .openmetrics:
        // One scrape: raw values (no rates), untimed samples at the file's
        // mtime. Streamed twice (validate, then deliver): all or nothing, in
        // memory bounded by a family, not the file.
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileOpenError(path: path, code: errno) }
        var tracker = HealthTracker(source: path)
        let openMetrics = format == .openmetrics
        let time = FileSignature(st).modified
        let lineLimit = max(maxLineBytes, 1 << 20)
        do {
            tracker.health.lines = try streamExposition(fd: fd, path: path, openMetrics: openMetrics,
                                                        maxLineBytes: lineLimit) { s in
                _ = try s.record(defaultTime: time).get()
            }
        } catch let f as ParseFailure {
            tracker.malformed(f)
            tracker.health.lines = try countLines(fd: fd, path: path)
            return tracker.health
        }
        do {
            _ = try streamExposition(fd: fd, path: path, openMetrics: openMetrics, maxLineBytes: lineLimit) { s in
                let r = try s.record(defaultTime: time).get()
                tracker.observe(r)
                try body(r)
            }
        } catch let f as ParseFailure {
            // Only if the file changed since it was validated: counted, not thrown.
            tracker.malformed(f)
        }
        return tracker.health
    }
}

/// Reads a whole native file on the calling thread the way a watch's tailer
/// reads it (`LineSource.drainBatch`: common lines into batch columns, one
/// batch per read) and calls `body` with each batch in file order; the
/// health is what `forEachRecord` counts. The one-core parse figure times
/// this, the tailer's own path.
public func forEachTailedBatch(inFile path: String, maxLineBytes: Int = 1 << 20,
                               _ body: (RecordBatch) throws -> Void) throws -> SourceHealth {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileOpenError(path: path, code: errno) }
    defer { close(fd) }
    var source = LineSource(source: path, format: .jsonl, maxLineBytes: maxLineBytes)
    try readToEnd(&source, fd: fd, path: path, drained: { source in
        let batch = source.drainBatch()
        if !batch.isEmpty { try body(batch) }
    }, ended: { source in
        let last = source.finishBatch()
        if !last.isEmpty { try body(last) }
    })
    return source.tracker.health
}

/// The lines of the file behind `fd` (a last line without newline counts).
private func countLines(fd: Int32, path: String) throws -> Int {
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    var offset: off_t = 0
    var lines = 0
    var last: UInt8 = 0x0A
    while true {
        let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
        if n < 0 { throw FileOpenError(path: path, code: errno) }
        if n == 0 { return lines + (last == 0x0A ? 0 : 1) }
        offset += off_t(n)
        for b in chunk[0..<n] where b == 0x0A { lines += 1 }
        last = chunk[n - 1]
    }
}
