#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VigilCore

/// Turns the lines of one line-oriented source (native JSONL, OTLP JSON) into
/// records, keeping the source's health. Shared by the whole-file readers
/// (`readToEnd`) and `FileTailer`; the caller owns reading.
struct LineSource {
    let buffer: LineBuffer
    private let format: MetricFormat
    private var native = NativeLineDecoder()
    /// Whether OTLP monotonic cumulative sums become per-second rates, as a
    /// watch judges them; `vigil parse` shows the raw values.
    private let otlpSumsAsRates: Bool
    private var otlp: OTLPDecoder
    var tracker: HealthTracker
    /// Lines seen so far; the next line's number is `lineNumber + 1`.
    var lineNumber = 0
    /// The order-dependent health of what went into a `RecordBatch`: the
    /// chunked reader counts it in file order, across chunks. Everything
    /// else is counted in `tracker`.
    var chunkOrder = ChunkOrder()

    init(source: String, format: MetricFormat, maxLineBytes: Int, otlpSumsAsRates: Bool = true) {
        buffer = LineBuffer(maxLineBytes: maxLineBytes)
        self.format = format
        self.otlpSumsAsRates = otlpSumsAsRates
        otlp = OTLPDecoder(cumulativeSumsAsRates: otlpSumsAsRates)
        tracker = HealthTracker(source: source)
    }

    /// Decodes every complete buffered line and hands each record to `sink`, in order.
    mutating func drain(_ sink: (Record) throws -> Void) rethrows {
        while true {
            switch buffer.next() {
            case .line(let bytes): try decode(bytes, sink)
            case .oversized: takeOversized()
            case .needMore: return
            }
        }
    }

    /// The next native line, split by the caller instead of `buffer`
    /// (without its `\n` or `\r\n`, at most `buffer.maxLineBytes` long),
    /// appended to `batch` as a whole record: for a line `takeCommonLine`
    /// did not take, so the columns are not tried again. The batch must be
    /// the only one filled since the last `restart`; its order health goes
    /// to `chunkOrder`.
    mutating func takeWhole(_ line: UnsafeRawBufferPointer, into batch: inout RecordBatch) {
        precondition(format == .jsonl, "batches are filled from native lines")
        lineNumber += 1
        tracker.health.lines += 1
        if let decoded = decodeNative(line) {
            chunkOrder.noteWhole(key: decoded.series, time: decoded.time)
            batch.append(decoded.record)
        }
    }

    /// For a reader that has not split its lines: if the bytes at `p` (`n`
    /// of them) start with a common sample line, puts it into `batch`'s
    /// columns and returns the bytes it used, up to and including the line's
    /// `\n` (the `\r\n`, or the end). Nil: split the line and `takeWhole` it.
    /// The scan finds the line's end itself, so a common line costs no
    /// separate search for its newline.
    mutating func takeCommonLine(_ p: UnsafePointer<UInt8>, available n: Int,
                                 into batch: inout RecordBatch) -> Int? {
        guard native.takesCommonPath, let common = native.scanCommonSample(p, n),
              common.end <= buffer.maxLineBytes else { return nil }
        let e = common.end
        let used: Int
        if e == n { used = n }
        else if p[e] == 0x0A { used = e + 1 }
        else if p[e] == 0x0D && (e + 1 == n || p[e + 1] == 0x0A) { used = min(e + 2, n) }
        else { return nil }
        guard append(common, p, to: &batch) else { return nil }
        lineNumber += 1
        tracker.health.lines += 1
        return used
    }

    /// Appends a scanned common line to the batch and counts it; false if it
    /// must go the record way instead (nothing counted).
    @inline(__always)
    private mutating func append(_ common: NativeLineDecoder.CommonSample, _ p: UnsafePointer<UInt8>,
                                 to batch: inout RecordBatch) -> Bool {
        precondition(format == .jsonl, "batches are filled from native lines")
        guard let sample = native.append(common, p, to: &batch) else { return false }
        tracker.count(nonFinite: sample.nonFinite)
        chunkOrder.note(series: sample.index, key: sample.series, time: sample.time)
        return true
    }

    /// The next line was longer than the limit: counted, not decoded.
    mutating func takeOversized() {
        lineNumber += 1
        tracker.health.lines += 1
        tracker.oversized(line: lineNumber, limit: buffer.maxLineBytes)
    }

    /// Starts over as a fresh source of the same format (for another chunk of
    /// a file), keeping allocated memory. The decoders forget their cached
    /// names and label sets, so records of different chunks share no
    /// objects: threads do not contend on their reference counts.
    mutating func restart(source: String) {
        tracker = HealthTracker(source: source)
        lineNumber = 0
        chunkOrder.removeAll()
        native.forgetCaches()
        otlp = OTLPDecoder(cumulativeSumsAsRates: otlpSumsAsRates)
        buffer.reset()
    }

    /// At the end of a finished file: also decodes a last line that has no newline.
    mutating func finish(_ sink: (Record) throws -> Void) rethrows {
        try drain(sink)
        if let rest = buffer.takeRest() { try decode(rest, sink) }
    }

    /// The tailer's way for native lines: every complete buffered line into
    /// a new batch, in order (common sample lines as columns, any other
    /// line as a whole record), and the order-dependent health counted as
    /// `drain` counts it record by record. Another format's lines go the
    /// record way, as whole records of the batch.
    mutating func drainBatch() -> RecordBatch {
        var batch = RecordBatch()
        guard format == .jsonl else {
            drain { batch.append($0) }
            return batch
        }
        native.startBatch()
        while true {
            switch buffer.next() {
            case .line(let bytes):
                // A line from the buffer has no newline: a common line is taken whole or not at all.
                if let base = bytes.baseAddress,
                   takeCommonLine(base.assumingMemoryBound(to: UInt8.self), available: bytes.count, into: &batch) != nil {
                    continue
                }
                takeWhole(bytes, into: &batch)
            case .oversized:
                takeOversized()
            case .needMore:
                tracker.order(chunkOrder, of: batch)
                chunkOrder.removeAll()
                return batch
            }
        }
    }

    /// `finish` into a batch of whole records: the end of a file read the
    /// tailer's way (a rotated file, or a whole file read to its end).
    mutating func finishBatch() -> RecordBatch {
        var batch = RecordBatch()
        finish { batch.append($0) }
        return batch
    }

    /// One native line decoded and counted, all but its order (the
    /// caller's: at once, or into `chunkOrder`); nil if blank or malformed
    /// (counted).
    @inline(__always) private mutating func decodeNative(_ bytes: UnsafeRawBufferPointer) -> DecodedLine? {
        if NativeLineDecoder.isBlank(bytes) { return nil }
        let decoded: DecodedLine
        do { decoded = try native.decodeLine(bytes) } catch {
            tracker.malformed(error.failure(line: lineNumber))
            return nil
        }
        tracker.count(nonFinite: decoded.nonFinite)
        return decoded
    }

    private mutating func decode(_ bytes: UnsafeRawBufferPointer, _ sink: (Record) throws -> Void) rethrows {
        lineNumber += 1
        tracker.health.lines += 1
        switch format {
        case .jsonl:
            if let decoded = decodeNative(bytes) {
                tracker.order(time: decoded.time, series: decoded.series)
                try sink(decoded.record)
            }
        case .otlp:
            var records: [Record] = []
            if let failure = otlp.decode(bytes, line: lineNumber, into: &records) {
                tracker.malformed(failure)
                return
            }
            for skipped in otlp.skipped { tracker.malformed(skipped) }
            for r in records {
                tracker.observe(r)
                try sink(r)
            }
        case .prometheus, .openmetrics:
            tracker.malformed(ParseFailure(line: lineNumber, column: 1,
                                           message: "\(format.rawValue) is not a line format"))
        }
    }
}

/// Reads `fd` to its end through `source`: after each read `drained` takes
/// the complete lines, at the end `ended` takes the rest (a last line with
/// no newline). Throws `FileOpenError` when a read fails, and whatever the
/// two throw. The readers of whole files share it; the tailer, which stops
/// at the end and waits for more, has its own loop.
func readToEnd(_ source: inout LineSource, fd: Int32, path: String,
               drained: (inout LineSource) throws -> Void, ended: (inout LineSource) throws -> Void) throws {
    while true {
        let n = source.buffer.fill(from: fd)
        if n < 0 { throw FileOpenError(path: path, code: errno) }
        if n == 0 { return try ended(&source) }
        try drained(&source)
    }
}
