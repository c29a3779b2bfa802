#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VigilCore

/// Decodes one line of Vigil's native JSON Lines format (docs/metrics-format.md).
/// Returns nil for a blank or whitespace-only line. `line` is the 1-based line
/// number put into a failure. Invalid UTF-8 inside strings is repaired with
/// U+FFFD; it never fails a line.
///
/// This convenience caches nothing between calls; `forEachRecord` and
/// `FileTailer` keep one decoder per source so repeated names are shared.
public func decodeNativeLine(_ bytes: UnsafeRawBufferPointer, line: Int) -> Result<Record?, ParseFailure> {
    var decoder = NativeLineDecoder(cacheSlots: 0)
    return decoder.decode(bytes, line: line)
}

/// The byte-level native JSONL decoder: one pass over the line with
/// `JSONCursor`, fields kept as byte ranges, and Strings/Labels made only for
/// the fields a record needs (through intern tables, so repeats are free).
///
/// Keep one per source and feed it every line: recently seen metric names
/// and label sets are then shared instead of decoded again.
public struct NativeLineDecoder {
    var names: InternTable<InternedName>
    var labelSets: InternTable<InternedLabels>
    var scratch: [UInt8] = []
    var times = RFC3339()
    var labelPairs: [(name: StringToken, value: Scalar)] = []
    /// The series of the batch being filled by `append(_:_:to:)`.
    var batchSeries = BatchSeriesTable()
    /// Tests turn this off to compare the common-line fast path with the
    /// general decoder, which is its specification.
    var takesCommonPath = true

    /// `cacheSlots` sizes the name cache (label sets get a quarter); 0 disables caching.
    public init(cacheSlots: Int = 4096) {
        names = InternTable(slots: cacheSlots, maxKeyBytes: 128)
        labelSets = InternTable(slots: cacheSlots / 4, maxKeyBytes: 256)
    }

    /// Starts filling another `RecordBatch`: the series found so far were
    /// the last batch's (the names and label sets stay cached).
    mutating func startBatch() {
        batchSeries.removeAll()
    }

    /// Drops every cached name and label set (keeping the tables' memory).
    mutating func forgetCaches() {
        names.removeAll()
        labelSets.removeAll()
        batchSeries.removeAll()
    }

    /// Same contract as `decodeNativeLine(_:line:)`.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer, line: Int) -> Result<Record?, ParseFailure> {
        if Self.isBlank(bytes) { return .success(nil) }
        do {
            return .success(try decodeLine(bytes).record)
        } catch {
            return .failure(error.failure(line: line))
        }
    }

    /// True for an empty or whitespace-only line (which holds no record).
    @inline(__always) static func isBlank(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for b in bytes where !(b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A) { return false }
        return true
    }

    /// The hot path for a line that is not blank: its record and series
    /// identity, or what is wrong where. No Optional or Result wraps the
    /// record: on a 130-byte line their copies and destroys cost as much as
    /// the scan.
    mutating func decodeLine(_ bytes: UnsafeRawBufferPointer) throws(ScanError) -> DecodedLine {
        guard let raw = bytes.baseAddress, bytes.count > 0 else { throw ScanError(offset: 0, message: "empty line") }
        guard bytes.count < Int(Int32.max) else { throw ScanError(offset: 0, message: "line longer than 2 GiB") }
        let p = raw.assumingMemoryBound(to: UInt8.self)
        if takesCommonPath, let common = decodeCommonSample(p, bytes.count) { return common }
        return try decode(JSONCursor(p, count: bytes.count))
    }

    private mutating func decode(_ start: JSONCursor) throws(ScanError) -> DecodedLine {
        var c = start
        c.skipWhitespace()
        let objectStart = c.pos
        try c.expect(0x7B, "'{' (each line must be one JSON object)")
        var f = Fields()
        var knownLabels: InternedLabels?
        c.skipWhitespace()
        if c.current == 0x7D {
            c.pos += 1
        } else {
            while true {
                c.skipWhitespace()
                guard c.current == 0x22 else { throw c.error("expected a string key, found \(c.found)") }
                let field: FieldName
                if let (known, length) = FieldName.quick(c.base, c.pos, c.end) {
                    field = known
                    c.pos += length
                } else {
                    field = fieldName(try c.scanString(), c.base)
                }
                c.skipWhitespace()
                try c.expect(0x3A, "':' after the key")
                c.skipWhitespace()
                if field == .labels {
                    try scanLabels(&c, into: &f, known: &knownLabels)
                } else {
                    let v = try scanValue(&c)
                    f.set(field, v)
                }
                c.skipWhitespace()
                if c.current == 0x2C { c.pos += 1; continue }
                try c.expect(0x7D, "',' or '}'")
                break
            }
        }
        c.skipWhitespace()
        guard c.atEnd else { throw c.error("unexpected \(c.found) after the object") }
        return try makeRecord(f, knownLabels, c.base, objectStart: objectStart)
    }

    // MARK: Scanning

    private func scanValue(_ c: inout JSONCursor) throws(ScanError) -> Scalar {
        let start = c.pos
        switch c.current {
        case 0x22:
            let t = try c.scanString()
            return Scalar(kind: .string, start: t.start, end: t.end, escaped: t.escaped)
        case 0x2D, 0x30...0x39:
            let r = try c.scanNumber()
            return Scalar(kind: .number, start: r.lowerBound, end: r.upperBound)
        case 0x7B, 0x5B:
            try c.skipValue()
            return Scalar(kind: .composite, start: start, end: c.pos)
        default:
            let first = try c.scanLiteral()
            return Scalar(kind: first == 0x6E ? .null : .bool, start: start, end: c.pos)
        }
    }

    private mutating func scanLabels(_ c: inout JSONCursor, into f: inout Fields, known knownLabels: inout InternedLabels?) throws(ScanError) {
        let start = c.pos
        f.labels = nil
        knownLabels = nil
        if c.current == 0x6E { _ = try c.scanLiteral(); return } // null: no labels
        guard c.current == 0x7B else { throw c.error("\"labels\" must be an object of strings") }
        // Fast path: if the bytes up to the first '}' are exactly a labels object
        // seen (and fully validated) before, that is this object; skip scanning it.
        if let close = memchr(c.base + start, 0x7D, c.end - start) {
            let n = UnsafeRawPointer(close) - UnsafeRawPointer(c.base + start) + 1
            if let known = labelSets.lookup(c.base + start, count: n).value {
                knownLabels = known
                f.labels = start..<(start + n)
                c.pos = start + n
                return
            }
        }
        labelPairs.removeAll(keepingCapacity: true)
        c.pos += 1
        c.skipWhitespace()
        if c.current == 0x7D {
            c.pos += 1
        } else {
            while true {
                c.skipWhitespace()
                guard c.current == 0x22 else { throw c.error("expected a label name string, found \(c.found)") }
                let name = try c.scanString()
                c.skipWhitespace()
                try c.expect(0x3A, "':' after the label name")
                c.skipWhitespace()
                let value = try scanValue(&c)
                if value.kind == .composite { throw c.error("label values must be strings", at: value.start) }
                labelPairs.append((name, value))
                c.skipWhitespace()
                if c.current == 0x2C { c.pos += 1; continue }
                try c.expect(0x7D, "',' or '}' in labels")
                break
            }
        }
        f.labels = start..<c.pos
    }

    private mutating func fieldName(_ key: StringToken, _ base: UnsafePointer<UInt8>) -> FieldName {
        guard key.escaped else { return FieldName(base + key.start, key.count) }
        scratch.removeAll(keepingCapacity: true)
        JSONCursor(base, count: key.end).unescape(key, into: &scratch)
        return scratch.withUnsafeBufferPointer { b in b.baseAddress.map { FieldName($0, b.count) } ?? .unknown }
    }
}
