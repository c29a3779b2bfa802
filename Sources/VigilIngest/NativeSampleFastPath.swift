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
/// once), no whitespace, no escapes in `ts` or `metric`, a plain number for
/// `value`, and a label set the decoder has already seen. That is nearly
/// every line a recording holds, and it skips the general decoder's field
/// table, value classification and error bookkeeping.
///
/// Anything else returns nil and the line goes through the general decoder
/// from its first byte, which is the specification: the fast path only ever
/// accepts lines the general decoder accepts, with the same record (the
/// equivalence is tested on generated and mutated lines), and every error
/// message comes from the general decoder.
extension NativeLineDecoder {
    @inline(__always)
    mutating func decodeCommonSample(_ p: UnsafePointer<UInt8>, _ n: Int) -> DecodedLine? {
        guard n > 2, p[0] == 0x7B else { return nil }
        var i = 1
        var tsStart = -1, tsEnd = 0, metricStart = -1, metricEnd = 0, valueStart = -1
        var value = 0.0
        var labels: InternedLabels?
        let raw = UnsafeRawPointer(p)
        while true {
            // Every key is followed by at least `:` and a value byte: 8 bytes
            // after the opening quote are part of the line.
            guard i + 9 <= n, p[i] == 0x22 else { return nil }
            let w = raw.loadUnaligned(fromByteOffset: i + 1, as: UInt64.self)
            if w & 0xFF_FFFF_FFFF == 0x22_3A22_7374 { // ts":"
                guard tsStart < 0 else { return nil }
                tsStart = i + 6
                guard let close = Self.plainStringEnd(p, tsStart, n) else { return nil }
                tsEnd = close
                i = close + 1
            } else if w == 0x3A22_6369_7274_656D { // metric":
                guard metricStart < 0, i + 10 < n, p[i + 9] == 0x22 else { return nil }
                metricStart = i + 10
                guard let close = Self.plainStringEnd(p, metricStart, n) else { return nil }
                metricEnd = close
                i = close + 1
            } else if w & 0xFF_FFFF_FFFF_FFFF == 0x3A_2265_756C_6176 { // value":
                guard valueStart < 0 else { return nil }
                valueStart = i + 8
                guard let (v, end) = Self.plainNumber(p, valueStart, n) else { return nil }
                value = v
                i = end
            } else if w == 0x3A22_736C_6562_616C { // labels":
                guard labels == nil, i + 10 < n, p[i + 9] == 0x7B else { return nil }
                let start = i + 9
                guard let close = memchr(p + start, 0x7D, n - start) else { return nil }
                let count = UnsafeRawPointer(close) - UnsafeRawPointer(p + start) + 1
                guard let known = labelSets.lookup(p + start, count: count).value else { return nil }
                labels = known
                i = start + count
            } else {
                return nil
            }
            guard i < n else { return nil }
            if p[i] == 0x2C { i += 1; continue }
            guard p[i] == 0x7D, i + 1 == n else { return nil }
            break
        }
        guard tsStart >= 0, metricStart >= 0, valueStart >= 0 else { return nil }
        guard case .success(let ms) = times.parse(p, tsStart, tsEnd) else { return nil }
        let metric = internedName(Scalar(kind: .string, start: metricStart, end: metricEnd), p)
        let set = labels ?? Self.noLabels
        return DecodedLine(
            record: .sample(Sample(time: EventTime(milliseconds: ms), metric: metric.text, value: value, labels: set.labels)),
            series: seriesKey(metricHash: metric.hash, labelsHash: set.hash),
            time: ms, nonFinite: !value.isFinite)
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
