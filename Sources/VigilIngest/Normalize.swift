#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VigilCore

/// Converts input in any format to native JSON Lines: calls `output` with one
/// line (no newline) per record, samples and events alike, in input order.
/// Returns the first problem with its line and column, or nil if the whole
/// input was good (`vigil parse` exits 1 on a failure).
///
/// Line formats (`jsonl`, `otlp`) keep going after a bad line, so every good
/// record is still written. An exposition (`prometheus`, `openmetrics`) is
/// all or nothing, with raw values; its samples without a timestamp take
/// `defaultTime`, and without one they are a failure.
public func normalize(input: UnsafeRawBufferPointer, format: MetricFormat, defaultTime: EventTime? = nil,
                      output: (String) -> Void) -> ParseFailure? {
    normalizedRecords(input: input, format: format, defaultTime: defaultTime) { output(encodeNativeLine($0)) }
}

/// `normalize(input:format:defaultTime:output:)` handing over the records
/// themselves, for a writer that encodes them into its own buffer.
public func normalizedRecords(input: UnsafeRawBufferPointer, format: MetricFormat, defaultTime: EventTime? = nil,
                              each output: (Record) -> Void) -> ParseFailure? {
    switch format {
    case .prometheus, .openmetrics:
        let parsed = ExpositionParser.parse(input, openMetrics: format == .openmetrics)
        switch parsed.flatMap({ $0.records(defaultTime: defaultTime) }) {
        case .failure(let f): return f
        case .success(let records):
            for r in records { output(r) }
            return nil
        }
    case .jsonl, .otlp:
        var native = NativeLineDecoder()
        var otlp = OTLPDecoder()
        var first: ParseFailure?
        var records: [Record] = []
        forEachLine(input) { line, number in
            records.removeAll(keepingCapacity: true)
            let failure: ParseFailure?
            if format == .jsonl {
                switch native.decode(line, line: number) {
                case .success(let r): failure = nil; if let r { records.append(r) }
                case .failure(let f): failure = f
                }
            } else {
                failure = otlp.decode(line, line: number, into: &records) ?? otlp.skipped.first
            }
            if first == nil { first = failure }
            for r in records { output(r) }
        }
        return first
    }
}

/// `normalize(input:format:output:)` for a file, streamed: memory is bounded
/// by a chunk and a line (lines over `maxLineBytes` are a failure), and for
/// expositions by what one family needs, not by the file. Exposition samples
/// without a timestamp take `defaultTime`, or the file's modification time.
/// An exposition is still all or nothing: it is read once to validate and
/// once to write. Throws `FileOpenError` if the file cannot be read.
public func normalize(path: String, format: MetricFormat, maxLineBytes: Int = 1 << 20, defaultTime: EventTime? = nil,
                      output: (String) -> Void) throws -> ParseFailure? {
    try normalizedRecords(path: path, format: format, maxLineBytes: maxLineBytes, defaultTime: defaultTime) {
        output(encodeNativeLine($0))
    }
}

/// `normalize(path:format:maxLineBytes:defaultTime:output:)` handing over
/// the records themselves, for a writer that encodes them into its own buffer.
public func normalizedRecords(path: String, format: MetricFormat, maxLineBytes: Int = 1 << 20,
                              defaultTime: EventTime? = nil, each output: (Record) -> Void) throws -> ParseFailure? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileOpenError(path: path, code: errno) }
    defer { close(fd) }
    switch format {
    case .prometheus, .openmetrics:
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileOpenError(path: path, code: errno) }
        return try normalizeExposition(fd: fd, path: path, openMetrics: format == .openmetrics,
                                       defaultTime: defaultTime ?? FileSignature(st).modified,
                                       maxLineBytes: maxLineBytes, output: output)
    case .jsonl, .otlp:
        // Raw values, as `normalize(input:…)` gives them.
        var source = LineSource(source: path, format: format, maxLineBytes: maxLineBytes, otlpSumsAsRates: false)
        try readToEnd(&source, fd: fd, path: path, drained: { $0.drain(output) }, ended: { $0.finish(output) })
        return source.tracker.firstFailure
    }
}

/// Calls `body` with each line of `input` (without `\n` / `\r\n`) and its 1-based number.
func forEachLine(_ input: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, Int) -> Void) {
    guard let base = input.baseAddress else { return }
    var start = 0
    var number = 0
    while start < input.count {
        let nl = memchr(base + start, 0x0A, input.count - start)
        let end = nl.map { UnsafeRawPointer($0) - base } ?? input.count
        number += 1
        var lineEnd = end
        if lineEnd > start, input[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        body(UnsafeRawBufferPointer(rebasing: input[start..<lineEnd]), number)
        start = end + 1
    }
}
