import VigilCore

/// Turns the lines of one line-oriented source (native JSONL, OTLP JSON) into
/// records, keeping the source's health. Shared by `forEachRecord` and
/// `FileTailer`; the caller owns reading.
struct LineSource {
    let buffer: LineBuffer
    private let format: MetricFormat
    private var native = NativeLineDecoder()
    private var otlp = OTLPDecoder()
    var tracker: HealthTracker
    /// Lines seen so far; the next line's number is `lineNumber + 1`.
    var lineNumber = 0

    init(source: String, format: MetricFormat, maxLineBytes: Int) {
        buffer = LineBuffer(maxLineBytes: maxLineBytes)
        self.format = format
        tracker = HealthTracker(source: source)
    }

    /// Decodes every complete buffered line, appending records in order.
    mutating func drain(into records: inout [Record]) {
        while true {
            switch buffer.next() {
            case .line(let bytes): decode(bytes, into: &records)
            case .oversized:
                lineNumber += 1
                tracker.health.lines += 1
                tracker.health.oversized += 1
                tracker.health.lastError = "line \(lineNumber): longer than \(buffer.maxLineBytes) bytes; skipped"
            case .needMore: return
            }
        }
    }

    /// At the end of a finished file: decodes a last line that has no newline.
    mutating func finish(into records: inout [Record]) {
        drain(into: &records)
        if let rest = buffer.takeRest() { decode(rest, into: &records) }
    }

    private mutating func decode(_ bytes: UnsafeRawBufferPointer, into records: inout [Record]) {
        lineNumber += 1
        tracker.health.lines += 1
        let first = records.count
        let failure: ParseFailure?
        switch format {
        case .jsonl:
            switch native.decode(bytes, line: lineNumber) {
            case .success(let record?): records.append(record); failure = nil
            case .success(nil): failure = nil
            case .failure(let f): failure = f
            }
        case .otlp:
            failure = otlp.decode(bytes, line: lineNumber, into: &records)
        case .prometheus, .openmetrics:
            failure = ParseFailure(line: lineNumber, column: 1,
                                   message: "\(format.rawValue) is not a line format")
        }
        if let failure {
            records.removeSubrange(first...)
            tracker.malformed(failure)
        }
        for i in first..<records.count { tracker.observe(records[i]) }
    }
}
