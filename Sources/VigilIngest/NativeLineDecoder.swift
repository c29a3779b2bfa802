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
    private var names: InternTable<String>
    private var labelSets: InternTable<Labels>
    private var scratch: [UInt8] = []
    private var times = RFC3339()
    private var labelPairs: [(name: StringToken, value: Scalar)] = []

    /// `cacheSlots` sizes the name cache (label sets get a quarter); 0 disables caching.
    public init(cacheSlots: Int = 4096) {
        names = InternTable(slots: cacheSlots, maxKeyBytes: 128)
        labelSets = InternTable(slots: cacheSlots / 4, maxKeyBytes: 256)
    }

    /// Same contract as `decodeNativeLine(_:line:)`.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer, line: Int) -> Result<Record?, ParseFailure> {
        guard let raw = bytes.baseAddress, bytes.count > 0 else { return .success(nil) }
        guard bytes.count < Int(Int32.max) else {
            return .failure(ParseFailure(line: line, column: 1, message: "line longer than 2 GiB"))
        }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        do {
            return .success(try decode(JSONCursor(base, count: bytes.count)))
        } catch {
            return .failure(error.failure(line: line))
        }
    }

    private mutating func decode(_ start: JSONCursor) throws(ScanError) -> Record? {
        var c = start
        c.skipWhitespace()
        if c.atEnd { return nil }
        let objectStart = c.pos
        try c.expect(0x7B, "'{' (each line must be one JSON object)")
        var f = Fields()
        var knownLabels: Labels?
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

    private mutating func scanLabels(_ c: inout JSONCursor, into f: inout Fields, known knownLabels: inout Labels?) throws(ScanError) {
        let start = c.pos
        labelPairs.removeAll(keepingCapacity: true)
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

    // MARK: Building the record

    private mutating func makeRecord(_ f: Fields, _ knownLabels: consuming Labels?, _ base: UnsafePointer<UInt8>,
                                     objectStart: Int) throws(ScanError) -> Record {
        guard f.ts.kind != .absent else { throw ScanError(offset: objectStart, message: "missing \"ts\"") }
        let time = EventTime(milliseconds: try timestamp(f.ts, base))
        let labels = knownLabels ?? makeLabels(f, base)
        if f.metric.kind != .absent {
            guard f.event.kind == .absent else {
                throw ScanError(offset: f.event.start, message: "an object has \"metric\" or \"event\", not both")
            }
            guard f.metric.kind == .string else { throw typeError("metric", f.metric) }
            guard f.value.kind != .absent else { throw ScanError(offset: objectStart, message: "missing \"value\"") }
            let metric = name(f.metric, base)
            return .sample(Sample(time: time, metric: metric, value: try sampleValue(f.value, base), labels: labels))
        }
        guard f.event.kind != .absent else {
            throw ScanError(offset: objectStart, message: "an object needs \"metric\" (a sample) or \"event\"")
        }
        guard f.event.kind == .string else { throw typeError("event", f.event) }
        let eventName = name(f.event, base)
        let kind: EventKind
        switch eventName {
        case "deploy":
            kind = .deploy(DeployEvent(
                flag: try required("flag", f.flag, base, eventStart: f.event.start),
                from: try optional("from", f.from, base),
                to: try required("to", f.to, base, eventStart: f.event.start),
                weight: try weight(f.weight, base)))
        case "belief":
            kind = .belief(BeliefEvent(
                agent: try required("agent", f.agent, base, eventStart: f.event.start),
                key: try required("key", f.key, base, eventStart: f.event.start),
                believed: try required("believed", f.believed, base, eventStart: f.event.start),
                action: try optional("action", f.action, base)))
        case "state":
            kind = .state(StateEvent(
                key: try required("key", f.key, base, eventStart: f.event.start),
                value: try required("value", f.value, base, eventStart: f.event.start)))
        default:
            kind = .other(name: eventName)
        }
        return .event(Event(time: time, kind: kind, labels: labels))
    }

    private func typeError(_ field: String, _ s: Scalar) -> ScanError {
        ScanError(offset: s.start - (s.kind == .string ? 1 : 0), message: "\"\(field)\" must be a string")
    }

    private mutating func timestamp(_ s: Scalar, _ base: UnsafePointer<UInt8>) throws(ScanError) -> Int64 {
        switch s.kind {
        case .number:
            guard let ms = DecimalParsing.epochMilliseconds(base, s.start..<s.end) else {
                throw ScanError(offset: s.start, message: "timestamp out of range")
            }
            return ms
        case .string where !s.escaped:
            return try times.parse(base, s.start, s.end).get()
        case .string:
            scratch.removeAll(keepingCapacity: true)
            JSONCursor(base, count: s.end).unescape(StringToken(start: s.start, end: s.end, escaped: true), into: &scratch)
            var once = RFC3339()
            let parsed = scratch.withUnsafeBufferPointer { b -> Result<Int64, ScanError> in
                guard let p = b.baseAddress else { return .failure(ScanError(offset: 0, message: "empty timestamp")) }
                return once.parse(p, 0, b.count)
            }
            switch parsed {
            case .success(let ms): return ms
            case .failure(let e): throw ScanError(offset: s.start, message: e.message)
            }
        default:
            throw ScanError(offset: s.start, message: "\"ts\" must be an RFC 3339 string or epoch seconds")
        }
    }

    private mutating func sampleValue(_ s: Scalar, _ base: UnsafePointer<UInt8>) throws(ScanError) -> Double {
        switch s.kind {
        case .number:
            return DecimalParsing.double(base, s.start..<s.end)
        case .string:
            if let v = specialValue(text(s, base)) { return v }
            fallthrough
        default:
            throw ScanError(offset: s.start - (s.kind == .string ? 1 : 0),
                            message: "\"value\" must be a number or \"NaN\", \"+Inf\", \"-Inf\"")
        }
    }

    private mutating func weight(_ s: Scalar, _ base: UnsafePointer<UInt8>) throws(ScanError) -> Double? {
        switch s.kind {
        case .absent, .null: return nil
        case .number:
            let w = DecimalParsing.double(base, s.start..<s.end)
            guard w >= 0 && w <= 100 else {
                throw ScanError(offset: s.start, message: "\"weight\" must be a percent of traffic, 0 to 100")
            }
            return w
        default: throw ScanError(offset: s.start, message: "\"weight\" must be a number (percent of traffic)")
        }
    }

    private mutating func required(_ field: String, _ s: Scalar, _ base: UnsafePointer<UInt8>,
                                   eventStart: Int) throws(ScanError) -> String {
        guard let v = try optional(field, s, base) else {
            throw ScanError(offset: eventStart - 1, message: "this event needs \"\(field)\"")
        }
        return v
    }

    /// A string field; numbers and booleans are taken as their literal text, null as absent.
    private mutating func optional(_ field: String, _ s: Scalar, _ base: UnsafePointer<UInt8>) throws(ScanError) -> String? {
        switch s.kind {
        case .absent, .null: return nil
        case .string: return name(s, base)
        case .number, .bool: return literalText(s, base)
        case .composite: throw ScanError(offset: s.start, message: "\"\(field)\" must be a string")
        }
    }

    private mutating func makeLabels(_ f: Fields, _ base: UnsafePointer<UInt8>) -> Labels {
        guard let range = f.labels, !labelPairs.isEmpty else { return Labels() }
        let p = base + range.lowerBound
        let (cached, hash) = labelSets.lookup(p, count: range.count)
        if let cached { return cached }
        var list: [Label] = []
        list.reserveCapacity(labelPairs.count)
        for (n, v) in labelPairs where v.kind != .null {
            let value = v.kind == .string ? name(v, base) : literalText(v, base)
            list.append(Label(name(Scalar(kind: .string, start: n.start, end: n.end, escaped: n.escaped), base), value))
        }
        let labels = Labels(list)
        labelSets.insert(labels, for: p, count: range.count, hash: hash)
        return labels
    }

    /// A string value through the intern table (short strings are built directly:
    /// up to 15 UTF-8 bytes they are stored inline and cost no allocation).
    private mutating func name(_ s: Scalar, _ base: UnsafePointer<UInt8>) -> String {
        let n = s.end - s.start
        if n <= 15 || s.escaped { return text(s, base) }
        let p = base + s.start
        let (cached, hash) = names.lookup(p, count: n)
        if let cached { return cached }
        let v = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
        names.insert(v, for: p, count: n, hash: hash)
        return v
    }

    /// A string token's text (unescaped; invalid UTF-8 repaired with U+FFFD).
    private mutating func text(_ s: Scalar, _ base: UnsafePointer<UInt8>) -> String {
        guard s.escaped else {
            return String(decoding: UnsafeBufferPointer(start: base + s.start, count: s.end - s.start), as: UTF8.self)
        }
        scratch.removeAll(keepingCapacity: true)
        JSONCursor(base, count: s.end).unescape(StringToken(start: s.start, end: s.end, escaped: true), into: &scratch)
        return String(decoding: scratch, as: UTF8.self)
    }

    private func literalText(_ s: Scalar, _ base: UnsafePointer<UInt8>) -> String {
        String(decoding: UnsafeBufferPointer(start: base + s.start, count: s.end - s.start), as: UTF8.self)
    }
}

/// `NaN`, `Inf`, `+Inf`, `-Inf` (any case, also `Infinity`) or a decimal number in a string.
func specialValue(_ text: String) -> Double? {
    switch text.lowercased() {
    case "nan": return .nan
    case "inf", "+inf", "infinity", "+infinity": return .infinity
    case "-inf", "-infinity": return -.infinity
    default:
        guard let first = text.utf8.first, first == 0x2D || first == 0x2B || first == 0x2E || isDigit(first),
              let v = Double(text), v.isFinite else { return nil }
        return v
    }
}

/// One JSON value seen on the line, kept as a byte range (32-bit offsets
/// keep `Fields` small; lines are far below 2 GiB).
struct Scalar {
    enum Kind: UInt8 { case absent, string, number, bool, null, composite }
    var kind: Kind = .absent
    var escaped = false
    private var start32: Int32 = 0
    private var end32: Int32 = 0

    init() {}

    init(kind: Kind, start: Int, end: Int, escaped: Bool = false) {
        self.kind = kind
        self.escaped = escaped
        start32 = Int32(truncatingIfNeeded: start)
        end32 = Int32(truncatingIfNeeded: end)
    }

    var start: Int { Int(start32) }
    var end: Int { Int(end32) }
}

/// The keys the native format knows; anything else is ignored.
enum FieldName {
    case ts, metric, value, labels, event, flag, from, to, weight, agent, key, believed, action, unknown

    /// The common keys `"ts"`, `"value"`, `"metric"`, `"labels"`, `"event"`
    /// recognised with one 8-byte load at the opening quote; returns the key
    /// and its length with both quotes. Nil: scan the key the general way.
    @inline(__always) static func quick(_ p: UnsafePointer<UInt8>, _ pos: Int, _ end: Int) -> (FieldName, Int)? {
        guard pos + 9 <= end else { return nil }
        let w = UnsafeRawPointer(p + pos + 1).loadUnaligned(as: UInt64.self) // little-endian
        if w & 0xFF_FFFF == 0x22_7374 { return (.ts, 4) }
        if w & 0xFFFF_FFFF_FFFF == 0x2265_756C_6176 { return (.value, 7) }
        if w & 0xFF_FFFF_FFFF_FFFF == 0x22_6369_7274_656D { return (.metric, 8) }
        if w & 0xFF_FFFF_FFFF_FFFF == 0x22_736C_6562_616C { return (.labels, 8) }
        if w & 0xFFFF_FFFF_FFFF == 0x2274_6E65_7665 { return (.event, 7) }
        return nil
    }

    @inline(__always) init(_ p: UnsafePointer<UInt8>, _ n: Int) {
        @inline(__always) func eq(_ s: StaticString) -> Bool { memEqual(p, s.utf8Start, n) }
        switch n {
        case 2: self = eq("ts") ? .ts : eq("to") ? .to : .unknown
        case 3: self = eq("key") ? .key : .unknown
        case 4: self = eq("flag") ? .flag : eq("from") ? .from : .unknown
        case 5: self = eq("value") ? .value : eq("event") ? .event : eq("agent") ? .agent : .unknown
        case 6: self = eq("metric") ? .metric : eq("labels") ? .labels : eq("weight") ? .weight
            : eq("action") ? .action : .unknown
        case 8: self = eq("believed") ? .believed : .unknown
        default: self = .unknown
        }
    }
}

/// The known fields of one object (last occurrence wins for a repeated key).
struct Fields {
    var ts = Scalar(), metric = Scalar(), value = Scalar(), event = Scalar()
    var flag = Scalar(), from = Scalar(), to = Scalar(), weight = Scalar()
    var agent = Scalar(), key = Scalar(), believed = Scalar(), action = Scalar()
    var labels: Range<Int>?

    @inline(__always) mutating func set(_ field: FieldName, _ v: Scalar) {
        switch field {
        case .ts: ts = v
        case .metric: metric = v
        case .value: value = v
        case .event: event = v
        case .flag: flag = v
        case .from: from = v
        case .to: to = v
        case .weight: weight = v
        case .agent: agent = v
        case .key: key = v
        case .believed: believed = v
        case .action: action = v
        case .labels, .unknown: break
        }
    }
}
