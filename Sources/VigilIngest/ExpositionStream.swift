#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VigilCore

/// Reads a Prometheus text or OpenMetrics file from `fd` in chunks and calls
/// `body` with each sample as its line is parsed, with the same rules and
/// the same failures as `ExpositionParser.parse` on the whole file. Returns
/// the number of lines.
///
/// Memory is one chunk, the longest line, and what the parser keeps per
/// family (`ExpositionState`), not the file: a 29 MB file parsed whole took
/// 626 MB. A failure can come after samples were given to `body` (a family
/// is judged at its end, OpenMetrics needs `# EOF`), so callers that must
/// deliver all or nothing read twice: once to validate, once to deliver.
///
/// Throws the exposition's `ParseFailure`, `FileOpenError` if reading
/// fails, or whatever `body` throws.
func streamExposition(fd: Int32, path: String, openMetrics: Bool, maxLineBytes: Int,
                      chunkBytes: Int = 1 << 20, _ body: (ExpositionSample) throws -> Void) throws -> Int {
    var state = ExpositionState(openMetrics: openMetrics)
    state.streaming = true
    var carry: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: max(1, chunkBytes))
    var offset: off_t = 0
    var lineNumber = 0

    func handle(_ line: UnsafeRawBufferPointer) throws {
        lineNumber += 1
        if line.count > maxLineBytes {
            throw ParseFailure(line: lineNumber, column: maxLineBytes + 1, message: "line longer than \(maxLineBytes) bytes")
        }
        var count = line.count
        if !openMetrics, count > 0, line[count - 1] == 0x0D { count -= 1 }
        if let raw = line.baseAddress {
            try state.line(ExpositionLine(raw.assumingMemoryBound(to: UInt8.self), count: count, openMetrics: openMetrics),
                           number: lineNumber)
        } else {
            var none: UInt8 = 0
            try withUnsafePointer(to: &none) {
                try state.line(ExpositionLine($0, count: 0, openMetrics: openMetrics), number: lineNumber)
            }
        }
        for s in state.pending { try body(s) }
        state.pending.removeAll(keepingCapacity: true)
    }

    while true {
        let n = chunk.withUnsafeMutableBytes { b -> Int in
            var got: Int
            repeat { got = pread(fd, b.baseAddress, b.count, offset) } while got < 0 && errno == EINTR
            return got
        }
        if n < 0 { throw FileOpenError(path: path, code: errno) }
        if n == 0 { break }
        offset += off_t(n)
        // Lines wholly inside the chunk are parsed in place; a line cut by
        // the chunk's end is carried over (and one that began in the
        // previous chunk is completed from the carry).
        try chunk.withUnsafeBytes { b in
            var start = 0
            while start < n {
                guard let nl = memchr(b.baseAddress! + start, 0x0A, n - start) else { break }
                let end = UnsafeRawPointer(nl) - b.baseAddress!
                if carry.isEmpty {
                    try handle(UnsafeRawBufferPointer(rebasing: b[start..<end]))
                } else {
                    carry.append(contentsOf: b[start..<end])
                    try carry.withUnsafeBytes { try handle($0) }
                    carry.removeAll(keepingCapacity: true)
                }
                start = end + 1
            }
            carry.append(contentsOf: b[start..<n])
        }
        if carry.count > maxLineBytes {
            throw ParseFailure(line: lineNumber + 1, column: maxLineBytes + 1,
                               message: "line longer than \(maxLineBytes) bytes")
        }
    }
    if offset == 0 {
        if openMetrics { throw ParseFailure(line: 1, column: 1, message: "missing # EOF") }
        return 0
    }
    if !carry.isEmpty { try carry.withUnsafeBytes { try handle($0) } }
    try state.finish(lastLine: max(lineNumber, 1))
    return lineNumber
}

/// `normalize` for an exposition file: read twice, so a bad file writes
/// nothing (all or nothing, as whole), in bounded memory.
func normalizeExposition(fd: Int32, path: String, openMetrics: Bool, defaultTime: EventTime?, maxLineBytes: Int,
                         output: (Record) -> Void) throws -> ParseFailure? {
    do {
        _ = try streamExposition(fd: fd, path: path, openMetrics: openMetrics, maxLineBytes: maxLineBytes) { s in
            _ = try s.record(defaultTime: defaultTime).get()
        }
        // Fails only if the file changed in between; what was written stays.
        _ = try streamExposition(fd: fd, path: path, openMetrics: openMetrics, maxLineBytes: maxLineBytes) { s in
            output(try s.record(defaultTime: defaultTime).get())
        }
        return nil
    } catch let f as ParseFailure {
        return f
    }
}
