#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VigilCore

/// The common native line, decoded in one tight pass:
///
///     {"ts":"2026-02-14T10:00:00.250Z","metric":"errors.rate","value":0.02,"labels":{"deployment":"a"}}
///
/// keys `ts`, `metric`, `value` and `labels` in any order (each at most
/// once), `ts` an RFC 3339 string or epoch seconds, spaces (only) after `:`
/// and `,` as Python's `json.dumps` writes them, no escapes in `ts` or
/// `metric`, a plain number for `value`, and a label set the decoder has
/// already seen spelled the same way (any label order, any spacing: the
/// cache is keyed by the object's bytes). That is nearly
/// every line a recording holds, and it skips the general decoder's field
/// table, value classification and error bookkeeping.
///
/// Anything else returns nil and the line goes through the general decoder
/// from its first byte, which is the specification: the fast path only ever
/// accepts lines the general decoder accepts, with the same record (the
/// equivalence is tested on generated and mutated lines), and every error
/// message comes from the general decoder.
extension NativeLineDecoder {
    /// The common line as a record.
    @inline(__always)
    mutating func decodeCommonSample(_ p: UnsafePointer<UInt8>, _ n: Int) -> DecodedLine? {
        guard let line = scanCommonSample(p, n), line.end == n else { return nil }
        let metric = internedName(line.metric, p)
        let set = line.labelsSlot >= 0 ? labelSets.value(inSlot: line.labelsSlot) ?? Self.noLabels : Self.noLabels
        return DecodedLine(
            record: .sample(Sample(time: EventTime(milliseconds: line.time), metric: metric.text, value: line.value,
                                   labels: set.labels)),
            series: seriesKey(metricHash: metric.hash, labelsHash: set.hash),
            time: line.time, nonFinite: !line.value.isFinite)
    }

    /// A scanned common line as a column entry of `batch` (`RecordBatch`):
    /// its series found by the intern ids of its name and label set, so a
    /// repeated series raises no reference counts. Nil if its name is too
    /// long to intern: decode the line as a record then. `batch` must be the
    /// one batch this decoder has filled since `forgetCaches`.
    @inline(__always)
    mutating func append(_ line: CommonSample, _ p: UnsafePointer<UInt8>,
                         to batch: inout RecordBatch) -> (index: Int, series: UInt64, time: Int64, nonFinite: Bool)? {
        let nameSlot = self.nameSlot(p + line.metric.start, line.metric.end - line.metric.start)
        guard nameSlot >= 0 else { return nil }
        let nameID = names.id(inSlot: nameSlot)
        let labelsID = line.labelsSlot >= 0 ? labelSets.id(inSlot: line.labelsSlot) : -1
        precondition(batchSeries.keys.count == batch.series.count, "one batch per decoder between forgetCaches")
        let series: Int
        if let known = batchSeries.index(name: nameID, labels: labelsID) {
            series = known
        } else {
            guard let metric = names.value(inSlot: nameSlot) else { return nil }
            let set = line.labelsSlot >= 0 ? labelSets.value(inSlot: line.labelsSlot) ?? Self.noLabels : Self.noLabels
            series = batch.addSeries(RecordBatch.Series(metric: metric.text, labels: set.labels))
            batchSeries.add(name: nameID, labels: labelsID, index: series,
                            key: seriesKey(metricHash: metric.hash, labelsHash: set.hash))
        }
        batch.appendSample(milliseconds: line.time, value: line.value, series: series)
        return (series, batchSeries.keys[series], line.time, !line.value.isFinite)
    }

    /// What `scanCommonSample` found: the time and value decoded, the metric
    /// name as a range, the cache slot of the known label set (-1: the line
    /// has no labels), and where the object ends (just after its `}`).
    struct CommonSample {
        var time: Int64
        var value: Double
        var metric: Scalar
        var labelsSlot: Int
        var end: Int
    }

    /// Scans a common line at `p`, reading no further than `n` bytes; the
    /// caller checks what follows the object (`end`). A newline can only end
    /// the scan early, never be part of what it accepts (strings stop at
    /// control bytes, and no cached label set holds one), so the chunked
    /// reader can scan a line before it knows where the line ends.

    @inline(__always)
    mutating func scanCommonSample(_ p: UnsafePointer<UInt8>, _ n: Int) -> CommonSample? {
        guard n > 2, p[0] == 0x7B else { return nil }
        var i = 1
        var tsStart = -1, tsEnd = 0, metricStart = -1, metricEnd = 0, valueStart = -1
        var tsIsNumber = false
        var value = 0.0
        var labelsSlot = -1
        let raw = UnsafeRawPointer(p)
        while true {
            // Every key is followed by at least `:` and a value byte: 8 bytes
            // after the opening quote are part of the line.
            guard i + 9 <= n, p[i] == 0x22 else { return nil }
            let w = raw.loadUnaligned(fromByteOffset: i + 1, as: UInt64.self)
            // Each key is matched with its closing quote and the `:` in one
            // compare; `j` is where its value starts, after any spaces
            // (Python's `json.dumps` writes one).
            if w & 0xFFFF_FFFF == 0x3A22_7374 { // ts":
                guard tsStart < 0 else { return nil }
                var j = i + 5
                while j < n, p[j] == 0x20 { j += 1 }
                guard j < n else { return nil }
                if p[j] == 0x22 {
                    tsStart = j + 1
                    guard let close = Self.plainStringEnd(p, tsStart, n) else { return nil }
                    tsEnd = close
                    i = close + 1
                } else {
                    // Epoch seconds: checked against the JSON grammar here,
                    // converted (and range-checked) below.
                    guard let end = Self.numberEnd(p, j, n) else { return nil }
                    tsIsNumber = true
                    tsStart = j
                    tsEnd = end
                    i = end
                }
            } else if w == 0x3A22_6369_7274_656D { // metric":
                guard metricStart < 0 else { return nil }
                var j = i + 9
                while j < n, p[j] == 0x20 { j += 1 }
                guard j < n, p[j] == 0x22 else { return nil }
                metricStart = j + 1
                guard let close = Self.plainStringEnd(p, metricStart, n) else { return nil }
                metricEnd = close
                i = close + 1
            } else if w & 0xFF_FFFF_FFFF_FFFF == 0x3A_2265_756C_6176 { // value":
                guard valueStart < 0 else { return nil }
                var j = i + 8
                while j < n, p[j] == 0x20 { j += 1 }
                valueStart = j
                guard let (v, end) = Self.plainNumber(p, valueStart, n) else { return nil }
                value = v
                i = end
            } else if w == 0x3A22_736C_6562_616C { // labels":
                guard labelsSlot < 0 else { return nil }
                var start = i + 9
                while start < n, p[start] == 0x20 { start += 1 }
                guard start < n, p[start] == 0x7B else { return nil }
                // A label set longer than the cache's keys is never known, so
                // look no further for its '}': the chunked reader scans with
                // the rest of its chunk as `n`, and an unclosed object must
                // not cost a search through all of it on every line.
                guard let close = memchr(p + start, 0x7D, min(n - start, labelSets.maxKeyBytes)) else { return nil }
                let count = UnsafeRawPointer(close) - UnsafeRawPointer(p + start) + 1
                labelsSlot = labelSets.find(p + start, count: count).slot
                guard labelsSlot >= 0 else { return nil }
                i = start + count
            } else {
                return nil
            }
            guard i < n else { return nil }
            if p[i] == 0x2C {
                i += 1
                while i < n, p[i] == 0x20 { i += 1 }
                continue
            }
            guard p[i] == 0x7D else { return nil }
            break
        }
        guard tsStart >= 0, metricStart >= 0, valueStart >= 0 else { return nil }
        let ms: Int64
        if tsIsNumber {
            guard let seconds = DecimalParsing.epochMilliseconds(p, tsStart..<tsEnd) else { return nil }
            ms = seconds
        } else {
            guard case .success(let parsed) = times.parse(p, tsStart, tsEnd) else { return nil }
            ms = parsed
        }
        return CommonSample(time: ms, value: value, metric: Scalar(kind: .string, start: metricStart, end: metricEnd),
                            labelsSlot: labelsSlot, end: i + 1)
    }

    /// Where the JSON number starting at `start` ends (the grammar of
    /// `plainNumber`), without its value; nil if there is none.
    @inline(__always)
    static func numberEnd(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int) -> Int? {
        var i = start
        if i < n, p[i] == 0x2D { i += 1 }
        guard i < n, isDigit(p[i]) else { return nil }
        if p[i] == 0x30 { i += 1 } else { while i < n, isDigit(p[i]) { i += 1 } }
        if i < n, p[i] == 0x2E {
            i += 1
            guard i < n, isDigit(p[i]) else { return nil }
            while i < n, isDigit(p[i]) { i += 1 }
        }
        if i < n, p[i] == 0x65 || p[i] == 0x45 {
            i += 1
            if i < n, p[i] == 0x2B || p[i] == 0x2D { i += 1 }
            guard i < n, isDigit(p[i]) else { return nil }
            while i < n, isDigit(p[i]) { i += 1 }
        }
        return i
    }

    /// The index of the closing quote of a string whose contents start at
    /// `i`; nil if it holds an escape or a control byte, or does not end.
    @inline(__always)
    static func plainStringEnd(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int) -> Int? {
        var i = skipPlainStringBytes(p, from: start, to: n)
        while i < n {
            let c = p[i]
            if c == 0x22 { return i }
            if c == 0x5C || c < 0x20 { return nil }
            i += 1
        }
        return nil
    }

    /// The JSON number starting at `start` and where it ends (strict grammar:
    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`); nil if there is none.
    /// Up to 15 digits and no exponent it is computed here, in the same
    /// steps as `DecimalParsing.double` (Clinger's exact fast path);
    /// anything longer goes to `DecimalParsing.double` itself.
    @inline(__always)
    static func plainNumber(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int) -> (Double, Int)? {
        var i = start
        let negative = i < n && p[i] == 0x2D
        if negative { i += 1 }
        guard i < n, isDigit(p[i]) else { return nil }
        let intStart = i
        var mantissa: UInt64 = 0
        if p[i] == 0x30 {
            i += 1
        } else {
            while i < n, isDigit(p[i]) { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 0x30); i += 1 }
        }
        var digits = i - intStart
        var fraction = 0
        if i < n, p[i] == 0x2E {
            i += 1
            let fractionStart = i
            while i < n, isDigit(p[i]) { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 0x30); i += 1 }
            fraction = i - fractionStart
            guard fraction > 0 else { return nil }
            digits += fraction
        }
        if i < n, p[i] == 0x65 || p[i] == 0x45 {
            i += 1
            if i < n, p[i] == 0x2B || p[i] == 0x2D { i += 1 }
            guard i < n, isDigit(p[i]) else { return nil }
            while i < n, isDigit(p[i]) { i += 1 }
            return (DecimalParsing.double(p, start..<i), i)
        }
        guard digits <= 15 else { return (DecimalParsing.double(p, start..<i), i) }
        var v = Double(mantissa)
        if fraction > 0 { v /= DecimalParsing.powerOfTen(fraction) }
        return (negative ? -v : v, i)
    }
}
