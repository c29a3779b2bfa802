#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import VigilCore
import VigilSystem

/// Reads a native JSON Lines file on all cores and delivers its records in
/// file order, a batch (one chunk of the file) at a time. Samples come in a
/// batch's columns (`RecordBatch`), so a series' name and labels are shared
/// by the batch rather than held by each sample.
///
/// The file is mapped and cut into chunks at line ends; each chunk is
/// decoded by the same per-line code as `forEachRecord` (a `LineSource`)
/// on its own thread; then, in file order, the batches go to `body` and the
/// order-dependent health (out of order, duplicates) is counted as one
/// sequence, so the health and the records are exactly those of
/// `forEachRecord`, with line numbers counted from the file's start.
/// Used where throughput matters (backtests); memory holds a few chunks.
public func forEachRecordBatch(inFile path: String, maxLineBytes: Int = 1 << 20, chunkBytes: Int = 4 << 20,
                               _ body: (RecordBatch) throws -> Void) throws -> SourceHealth {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileOpenError(path: path, code: errno) }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw FileOpenError(path: path, code: errno) }
    let size = Int(st.st_size)
    var merged = HealthTracker(source: path)
    guard size > 0 else { return merged.health }
    guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else {
        throw FileOpenError(path: path, code: errno)
    }
    defer { munmap(map, size) }
    let bytes = UnsafeRawBufferPointer(start: map, count: size)

    // Chunk boundaries just after a newline (or at the end).
    var bounds: [Range<Int>] = []
    var start = 0
    while start < size {
        var end = min(start + max(chunkBytes, 1), size)
        if end < size, let nl = memchr(map + end, 0x0A, size - end) {
            end = map.distance(to: nl) + 1
        } else {
            end = size
        }
        bounds.append(start..<end)
        start = end
    }

    // A sliding window: up to `ahead` chunks decode on a concurrent queue
    // while this thread hands the oldest finished one on, in file order.
    let ahead = max(2, Processors.online * 2)
    let results = ChunkResults(count: bounds.count)
    let file = MappedBytes(bytes: bytes)
    let decoders = DispatchQueue(label: "vigil.decode", attributes: .concurrent)
    let pool = DecoderPool(source: path, maxLineBytes: maxLineBytes)
    let room = DispatchSemaphore(value: ahead)
    var scheduled = 0
    func schedule() {
        while scheduled < bounds.count, room.wait(timeout: .now()) == .success {
            let i = scheduled, range = bounds[i]
            decoders.async {
                results.set(i, pool.decode(UnsafeRawBufferPointer(rebasing: file.bytes[range])))
            }
            scheduled += 1
        }
    }
    var linesBefore = 0
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    var released = 0
    for i in bounds.indices {
        schedule()
        guard var chunk = results.wait(i) else { continue }
        room.signal()
        schedule()
        merged.order(chunk.order, of: chunk.records)
        merged.health.records += chunk.health.records
        merged.health.nonFinite += chunk.health.nonFinite
        merged.health.lines += chunk.health.lines
        merged.health.malformed += chunk.health.malformed
        merged.health.oversized += chunk.health.oversized
        if let f = chunk.lastFailure {
            merged.health.lastError = ParseFailure(line: linesBefore + f.line, column: f.column,
                                                   message: f.message).description
        }
        linesBefore += chunk.health.lines
        // Done with these pages: let them go from this process's resident set
        // (they stay in the page cache). In 64 MiB strides rather than per
        // chunk: each call makes the kernel flush TLBs on every core the
        // decoders run on (the difference in wall time was within this
        // machine's noise; the resident set stays bounded either way).
        let done = bounds[i].upperBound / page * page
        if done - released >= 64 << 20 || i == bounds.count - 1 {
            madvise(map + released, done - released, MADV_DONTNEED)
            released = done
        }
        if !chunk.records.isEmpty {
            do { try body(chunk.records) } catch {
                // Let the decoders finish with the mapping before it is unmapped.
                decoders.sync(flags: .barrier) {}
                throw error
            }
        }
        pool.recycle(&chunk)
    }
    return merged.health
}

/// The mapped file, read-only and alive for the whole call: safe to share
/// with the decoding threads.
private struct MappedBytes: @unchecked Sendable { let bytes: UnsafeRawBufferPointer }

/// One decoded chunk: its records, and its own health (lines, bad lines).
struct DecodedChunk: Sendable {
    var records: RecordBatch
    /// The chunk's order health, merged in file order.
    var order: ChunkOrder
    var health: SourceHealth
    var lastFailure: ParseFailure?
}

/// What the decoding threads reuse from chunk to chunk: line sources (their
/// decoders' tables) and the arrays a chunk fills. Allocating them afresh for
/// every chunk makes page faults a large share of a read's system time
/// (docs/performance.md, "Parse-only").
private final class DecoderPool: @unchecked Sendable {
    private let source: String
    private let maxLineBytes: Int
    private let lock = Lock()
    private var sources: [LineSource] = []
    private var records: [RecordBatch] = []
    private var orders: [ChunkOrder] = []

    init(source: String, maxLineBytes: Int) {
        self.source = source
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// Decodes one chunk (whole lines; the last may lack its newline), on the calling thread.
    func decode(_ bytes: UnsafeRawBufferPointer) -> DecodedChunk {
        var (recycled, out, order) = lock.withLock {
            (sources.popLast(), records.popLast() ?? RecordBatch(), orders.popLast() ?? ChunkOrder())
        }
        // Moved out, not copied: a second reference to its intern tables
        // would make their first insert copy them whole (768 KiB) in every chunk.
        var source = recycled.take() ?? LineSource(source: self.source, format: .jsonl, maxLineBytes: maxLineBytes)
        // A recycled batch still holds a delivered chunk's series and whole
        // records: they are released here, on a decoding thread, not on the
        // reader's thread.
        out.removeAll()
        order.removeAll()
        swap(&source.chunkOrder, &order)
        out.reserveCapacity(bytes.count / 100)
        if let base = bytes.baseAddress {
            let end = bytes.count
            var start = 0
            let first = base.assumingMemoryBound(to: UInt8.self)
            while start < end {
                if let used = source.takeCommonLine(first + start, available: end - start, into: &out) {
                    start += used
                    continue
                }
                var lineEnd = end
                if let nl = memchr(base + start, 0x0A, end - start) { lineEnd = base.distance(to: UnsafeRawPointer(nl)) }
                var e = lineEnd
                if e > start && bytes[e - 1] == 0x0D { e -= 1 }
                if e - start > maxLineBytes {
                    source.takeOversized()
                } else {
                    source.takeWhole(UnsafeRawBufferPointer(rebasing: bytes[start..<e]), into: &out)
                }
                start = lineEnd + 1
            }
        }
        let chunk = DecodedChunk(records: out, order: source.chunkOrder, health: source.tracker.health,
                                 lastFailure: source.tracker.lastFailure)
        source.chunkOrder = ChunkOrder()
        source.restart(source: self.source)
        lock.withLock { sources.append(source) }
        return chunk
    }

    /// Takes back a delivered chunk's batch and order array for the next
    /// chunks: their memory is reused, and what they still hold is released
    /// later by the decoding thread that reuses them, so the one reading
    /// thread, which every chunk passes through in order, frees nothing. If
    /// `body` kept the batch, its storage is shared and the decoder gets
    /// fresh storage on its first write.
    func recycle(_ chunk: inout DecodedChunk) {
        let (r, o) = (chunk.records, chunk.order)
        chunk = DecodedChunk(records: RecordBatch(), order: ChunkOrder(), health: chunk.health, lastFailure: nil)
        lock.withLock {
            records.append(r)
            orders.append(o)
        }
    }
}

/// Slots the decoding threads fill, each exactly once; the reader waits for
/// each in order.
private final class ChunkResults: @unchecked Sendable {
    private var slots: [DecodedChunk?]
    private let ready: [DispatchSemaphore]
    private let lock = Lock()
    init(count: Int) {
        slots = Array(repeating: nil, count: count)
        ready = (0..<count).map { _ in DispatchSemaphore(value: 0) }
    }
    func set(_ i: Int, _ c: DecodedChunk) {
        lock.withLock { slots[i] = c }
        ready[i].signal()
    }
    func wait(_ i: Int) -> DecodedChunk? {
        ready[i].wait()
        return lock.withLock { defer { slots[i] = nil }; return slots[i] }
    }
}

private enum Processors {
    static var online: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
