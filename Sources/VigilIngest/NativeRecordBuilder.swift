import VigilCore

/// One decoded line: its record, and what the health tracker needs of it —
/// the series identity (`seriesKey`, nearly free from the decoder's caches),
/// the time and whether the value is non-finite — so the tracker need not
/// take the record apart again.
struct DecodedLine {
    var record: Record
    var series: UInt64
    var time: Int64
    var nonFinite: Bool
}

/// A cached metric name (or other string field) and its `hashString`.
struct InternedName {
    let text: String
    let hash: UInt64
}

/// A cached label set and its `labelsHash`.
struct InternedLabels {
    let labels: Labels
    let hash: UInt64
}

/// Turning the byte ranges the native decoder found into a `Record`: required
/// fields, types, timestamps, values, and names and label sets through the
/// intern tables.
extension NativeLineDecoder {
    mutating func makeRecord(_ f: Fields, _ knownLabels: consuming InternedLabels?, _ base: UnsafePointer<UInt8>,
                             objectStart: Int) throws(ScanError) -> DecodedLine {
        guard f.ts.kind != .absent else { throw ScanError(offset: objectStart, message: "missing \"ts\"") }
        let time = EventTime(milliseconds: try timestamp(f.ts, base))
        let labels = knownLabels ?? makeLabels(f, base)
        if f.metric.kind != .absent {
            guard f.event.kind == .absent else {
                throw ScanError(offset: f.event.start, message: "an object has \"metric\" or \"event\", not both")
            }
            guard f.metric.kind == .string else { throw typeError("metric", f.metric) }
            guard f.value.kind != .absent else { throw ScanError(offset: objectStart, message: "missing \"value\"") }
            let metric = internedName(f.metric, base)
            let value = try sampleValue(f.value, base)
            return DecodedLine(record: .sample(Sample(time: time, metric: metric.text, value: value, labels: labels.labels)),
                               series: seriesKey(metricHash: metric.hash, labelsHash: labels.hash),
                               time: time.milliseconds, nonFinite: !value.isFinite)
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
        let event = Event(time: time, kind: kind, labels: labels.labels)
        return DecodedLine(record: .event(event), series: seriesKey(of: event), time: time.milliseconds, nonFinite: false)
    }

    private func typeError(_ field: String, _ s: Scalar) -> ScanError {
        ScanError(offset: s.start - (s.kind == .string ? 1 : 0), message: "\"\(field)\" must be a string")
    }

    private mutating func timestamp(_ s: Scalar, _ base: UnsafePointer<UInt8>) throws(ScanError) -> Int64 {
        switch s.kind {
        case .number:
            guard let ms = DecimalParsing.epochMilliseconds(base, s.start..<s.end) else {
                throw ScanError(offset: s.start, message: ValidTime.message)
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

    private mutating func makeLabels(_ f: Fields, _ base: UnsafePointer<UInt8>) -> InternedLabels {
        guard let range = f.labels, !labelPairs.isEmpty else { return Self.noLabels }
        let p = base + range.lowerBound
        let (cached, hash) = labelSets.lookup(p, count: range.count)
        if let cached { return cached }
        var list: [Label] = []
        list.reserveCapacity(labelPairs.count)
        // A repeated name: the last occurrence wins (`Labels` keeps the last
        // of a name), and a last `null` drops the label.
        for (n, v) in labelPairs {
            let labelName = name(Scalar(kind: .string, start: n.start, end: n.end, escaped: n.escaped), base)
            if v.kind == .null {
                list.removeAll { $0.name == labelName }
                continue
            }
            let value = v.kind == .string ? name(v, base) : literalText(v, base)
            list.append(Label(labelName, value))
        }
        let set = Labels(list)
        let labels = InternedLabels(labels: set, hash: labelsHash(set))
        labelSets.insert(labels, for: p, count: range.count, hash: hash)
        return labels
    }

    static let noLabels = InternedLabels(labels: Labels(), hash: labelsHash(Labels()))

    /// A string value through the intern table. Short names are interned
    /// too: building one (even inline, up to 15 bytes) re-validates its UTF-8
    /// on every line, which costs more than the lookup.
    mutating func internedName(_ s: Scalar, _ base: UnsafePointer<UInt8>) -> InternedName {
        if s.escaped {
            let v = text(s, base)
            return InternedName(text: v, hash: hashString(v))
        }
        let slot = nameSlot(base + s.start, s.end - s.start)
        if slot >= 0, let cached = names.value(inSlot: slot) { return cached }
        let v = String(decoding: UnsafeBufferPointer(start: base + s.start, count: s.end - s.start), as: UTF8.self)
        return InternedName(text: v, hash: hashString(v))
    }

    /// The name table's slot for these (unescaped) bytes, interning them
    /// if they are new; -1 if they are too long to intern.
    @inline(__always)
    mutating func nameSlot(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        let (slot, key) = names.find(p, count: n)
        if slot >= 0 || n > names.maxKeyBytes { return slot }
        let v = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
        return names.insert(InternedName(text: v, hash: hashString(v)), for: p, count: n, hash: key)
    }

    private mutating func name(_ s: Scalar, _ base: UnsafePointer<UInt8>) -> String {
        internedName(s, base).text
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
