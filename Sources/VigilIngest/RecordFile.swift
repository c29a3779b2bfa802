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
        while true {
            let n = source.buffer.fill(from: fd)
            if n < 0 { throw FileOpenError(path: path, code: errno) }
            if n == 0 {
                try source.finish(body)
                return source.tracker.health
            }
            try source.drain(body)
        }
    case .prometheus, .openmetrics:
        // One scrape: raw values (no rates), untimed samples at the file's mtime.
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileOpenError(path: path, code: errno) }
        var tracker = HealthTracker(source: path)
        let limit = max(maxLineBytes, 64 << 20)
        guard Int(st.st_size) <= limit else {
            tracker.health.oversized = 1
            tracker.health.lastError = "file larger than \(limit) bytes; skipped"
            return tracker.health
        }
        // The descriptor just stat'ed, not the path opened again: a file
        // replaced in between would give one file's size and another's bytes.
        guard let bytes = readWholeFile(fd: fd, limit: limit) else { throw FileOpenError(path: path, code: errno) }
        tracker.health.lines = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        if let last = bytes.last, last != 0x0A { tracker.health.lines += 1 }
        let parsed = bytes.withUnsafeBytes { ExpositionParser.parse($0, openMetrics: format == .openmetrics) }
        switch parsed.flatMap({ $0.records(defaultTime: FileSignature(st).modified) }) {
        case .failure(let f):
            tracker.malformed(f)
        case .success(let records):
            for r in records {
                tracker.observe(r)
                try body(r)
            }
        }
        return tracker.health
    }
}
