#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor into one reusable buffer and splits it into lines.
///
/// Memory stays bounded by `maxLineBytes` plus one read chunk: a line longer
/// than the limit is reported once as `.oversized` and its bytes are dropped
/// as they arrive, never accumulated. A trailing `\r` (CRLF) is removed.
final class LineBuffer {
    enum Next {
        /// A complete line, without `\n` or `\r\n`. Valid until the next call.
        case line(UnsafeRawBufferPointer)
        /// A line longer than `maxLineBytes` was found and is being skipped.
        case oversized
        /// No complete line is buffered; call `fill` (or `takeRest` at EOF).
        case needMore
    }

    let maxLineBytes: Int
    private let capacity: Int
    private let storage: UnsafeMutablePointer<UInt8>
    private var start = 0
    private var filled = 0
    private var scanned = 0
    /// Inside an oversized line: drop bytes up to the next newline.
    private var skipping = false
    /// Bytes read from the descriptor since creation or `reset`.
    private(set) var bytesRead: Int64 = 0

    init(maxLineBytes: Int, chunkBytes: Int = 256 << 10) {
        self.maxLineBytes = max(1, maxLineBytes)
        capacity = self.maxLineBytes + max(4096, chunkBytes)
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    /// Bytes held that are not part of a returned line yet (a partial line).
    var pendingBytes: Int { filled - start }

    /// Reads once from `fd`. Returns the byte count, 0 at end of file, or -1 (errno set).
    func fill(from fd: Int32) -> Int {
        if start > 0 && capacity - filled < capacity / 4 {
            let n = filled - start
            if n > 0 { memmove(storage, storage + start, n) }
            scanned -= start
            start = 0
            filled = n
        }
        var n: Int
        repeat {
            n = read(fd, storage + filled, capacity - filled)
        } while n < 0 && errno == EINTR
        if n > 0 {
            filled += n
            bytesRead += Int64(n)
        }
        return n
    }

    /// Appends bytes that did not come from a descriptor (tests, in-memory input).
    func append(_ bytes: UnsafeRawBufferPointer) -> Int {
        if start > 0 {
            let n = filled - start
            if n > 0 { memmove(storage, storage + start, n) }
            scanned -= start
            start = 0
            filled = n
        }
        let n = min(bytes.count, capacity - filled)
        if n > 0, let src = bytes.baseAddress { memcpy(storage + filled, src, n) }
        filled += n
        return n
    }

    func next() -> Next {
        while true {
            let searchFrom = max(scanned, start)
            let remaining = filled - searchFrom
            let hit = remaining > 0 ? memchr(storage + searchFrom, 0x0A, remaining) : nil
            guard let hit else {
                scanned = filled
                if skipping {
                    start = 0; filled = 0; scanned = 0
                    return .needMore
                }
                if filled - start > maxLineBytes {
                    skipping = true
                    start = 0; filled = 0; scanned = 0
                    return .oversized
                }
                return .needMore
            }
            let nl = UnsafeMutableRawPointer(hit).assumingMemoryBound(to: UInt8.self) - storage
            let lineStart = start
            start = nl + 1
            scanned = start
            if skipping {
                skipping = false
                continue
            }
            var end = nl
            if end > lineStart && storage[end - 1] == 0x0D { end -= 1 }
            if end - lineStart > maxLineBytes { return .oversized }
            return .line(UnsafeRawBufferPointer(start: storage + lineStart, count: end - lineStart))
        }
    }

    /// At end of input: the final line that has no newline (nil if none).
    func takeRest() -> UnsafeRawBufferPointer? {
        defer { start = 0; filled = 0; scanned = 0; skipping = false }
        guard !skipping, filled > start else { return nil }
        var end = filled
        if storage[end - 1] == 0x0D { end -= 1 }
        return UnsafeRawBufferPointer(start: storage + start, count: end - start)
    }

    /// Forgets everything buffered (after truncation or when switching files).
    func reset(skipFirstLine: Bool = false) {
        start = 0; filled = 0; scanned = 0
        skipping = skipFirstLine
        bytesRead = 0
    }
}
