/// Tokenizes one line of the Prometheus text (0.0.4) or OpenMetrics (1.0)
/// format: names, label sets, numbers and timestamps. OpenMetrics is parsed
/// strictly by its ABNF (single spaces, no trailing commas); the Prometheus
/// format leniently (runs of spaces and tabs, a trailing comma in labels).
struct ExpositionLine {
    let p: UnsafePointer<UInt8>
    let end: Int
    let openMetrics: Bool
    var pos = 0

    init(_ p: UnsafePointer<UInt8>, count: Int, openMetrics: Bool) {
        self.p = p
        self.end = count
        self.openMetrics = openMetrics
    }

    var atEnd: Bool { pos >= end }
    var current: UInt8 { pos < end ? p[pos] : 0 }

    func fail(_ message: String, at offset: Int? = nil) -> ScanError {
        ScanError(offset: offset ?? pos, message: message)
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`
    mutating func metricName() throws(ScanError) -> String {
        let start = pos
        guard isNameStart(current) || current == 0x3A else { throw fail("expected a metric name") }
        pos += 1
        while isNameChar(current) || current == 0x3A { pos += 1 }
        return text(start, pos)
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`
    mutating func labelName() throws(ScanError) -> String {
        let start = pos
        guard isNameStart(current) else { throw fail("expected a label name") }
        pos += 1
        while isNameChar(current) { pos += 1 }
        return text(start, pos)
    }

    /// Where a sample's name and label set end (after `}`), found without
    /// parsing them: name bytes, `{`, then up to the first `}` outside a
    /// quoted value, an escape taking the byte after `\` as `quoted`
    /// does. Nil when the sample has no label set or it is not closed. Only
    /// the key of the series cache, which holds exactly the bytes the parser
    /// read for a label set it accepted: an extent this gets wrong can only
    /// miss (the same bytes always parse to the same end).
    func seriesEnd() -> Int? {
        var i = pos
        while i < end, isNameChar(p[i]) || p[i] == 0x3A { i += 1 }
        guard i < end, p[i] == 0x7B else { return nil }
        i += 1
        var inValue = false
        while i < end {
            let c = p[i]
            if inValue {
                if c == 0x5C { i += 2; continue }
                if c == 0x22 { inValue = false }
            } else if c == 0x22 {
                inValue = true
            } else if c == 0x7D {
                return i + 1
            }
            i += 1
        }
        return nil
    }

    /// The separator between fields: one space (OpenMetrics) or blanks (Prometheus).
    mutating func separator(_ what: String) throws(ScanError) {
        guard current == 0x20 || (!openMetrics && current == 0x09) else { throw fail("expected a space before \(what)") }
        pos += 1
        if !openMetrics { skipBlanks() }
    }

    mutating func skipBlanks() {
        while current == 0x20 || current == 0x09 { pos += 1 }
    }

    /// `{name="value",...}`; the cursor is on `{`.
    mutating func labels() throws(ScanError) -> [(name: String, value: String)] {
        pos += 1
        var out: [(name: String, value: String)] = []
        if !openMetrics { skipBlanks() }
        if current == 0x7D { pos += 1; return out }
        while true {
            let nameAt = pos
            let name = try labelName()
            if !openMetrics { skipBlanks() }
            guard current == 0x3D else { throw fail("expected '=' after the label name") }
            pos += 1
            if !openMetrics { skipBlanks() }
            let value = try quoted()
            if name.hasPrefix("__") && name != "__name__" {
                throw fail("label names starting with __ are reserved", at: nameAt)
            }
            if out.contains(where: { $0.name == name }) { throw fail("duplicate label \(name)", at: nameAt) }
            out.append((name, value))
            if !openMetrics { skipBlanks() }
            if current == 0x2C {
                pos += 1
                if !openMetrics {
                    skipBlanks()
                    if current == 0x7D { pos += 1; return out } // trailing comma
                }
                continue
            }
            guard current == 0x7D else { throw fail("expected ',' or '}' in labels") }
            pos += 1
            return out
        }
    }

    /// A double-quoted label value. `\\`, `\n` and `\"` are escapes; any other
    /// backslash is kept literally. Invalid UTF-8 becomes U+FFFD.
    mutating func quoted() throws(ScanError) -> String {
        guard current == 0x22 else { throw fail("expected '\"' to start the label value") }
        let open = pos
        pos += 1
        var bytes: [UInt8] = []
        while pos < end {
            let c = p[pos]
            if c == 0x22 {
                pos += 1
                return String(decoding: bytes, as: UTF8.self)
            }
            if c == 0x5C, pos + 1 < end {
                let e = p[pos + 1]
                switch e {
                case 0x5C: bytes.append(0x5C)
                case 0x6E: bytes.append(0x0A)
                case 0x22: bytes.append(0x22)
                default: bytes.append(0x5C); bytes.append(e)
                }
                pos += 2
                continue
            }
            if c == 0x0A { break }
            bytes.append(c)
            pos += 1
        }
        throw fail("unterminated label value", at: open)
    }

    /// The bytes up to the next space (or tab in Prometheus mode) or the end.
    mutating func token() -> (start: Int, end: Int) {
        let start = pos
        while pos < end, p[pos] != 0x20, openMetrics || p[pos] != 0x09 { pos += 1 }
        return (start, pos)
    }

    /// A sample value: a decimal number, or `NaN` / `Inf` / `Infinity` with an
    /// optional sign (any case). Hex, binary, octal and `_` are rejected.
    mutating func value() throws(ScanError) -> Double {
        let (s, e) = token()
        guard s < e else { throw fail("expected a value") }
        if let v = parseNumber(s, e, allowSpecial: true) { return v }
        throw fail("invalid value \"\(text(s, e))\"", at: s)
    }

    /// A timestamp: OpenMetrics uses seconds (a decimal number), Prometheus
    /// 0.0.4 integer milliseconds. Returns (milliseconds, seconds as written).
    mutating func timestamp() throws(ScanError) -> (Int64, Double) {
        let (s, e) = token()
        guard s < e else { throw fail("expected a timestamp") }
        if openMetrics {
            guard let secs = parseNumber(s, e, allowSpecial: false) else {
                throw fail("invalid timestamp \"\(text(s, e))\"", at: s)
            }
            return (clampedMilliseconds(secs * 1000), secs)
        }
        var i = s
        var negative = false
        if p[i] == 0x2D || p[i] == 0x2B { negative = p[i] == 0x2D; i += 1 }
        guard i < e else { throw fail("invalid timestamp", at: s) }
        var ms: Int64 = 0
        while i < e {
            let d = p[i] &- 0x30
            guard d < 10 else { throw fail("invalid timestamp \"\(text(s, e))\" (integer milliseconds)", at: s) }
            let (m, o1) = ms.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(d))
            guard !o1, !o2 else { throw fail("timestamp out of range", at: s) }
            ms = a
            i += 1
        }
        return (negative ? -ms : ms, Double(negative ? -ms : ms) / 1000)
    }

    /// Python-float-like decimal grammar: `[+-]` then digits with an optional
    /// `.` (at least one digit overall) and an optional exponent; or, with
    /// `allowSpecial`, `nan`, `inf`, `infinity` (any case, optional sign).
    func parseNumber(_ s: Int, _ e: Int, allowSpecial: Bool) -> Double? {
        var i = s
        if p[i] == 0x2B || p[i] == 0x2D { i += 1 }
        var digits = 0
        while i < e, isDigit(p[i]) { i += 1; digits += 1 }
        if i < e, p[i] == 0x2E {
            i += 1
            while i < e, isDigit(p[i]) { i += 1; digits += 1 }
        }
        if digits > 0 {
            if i < e, p[i] == 0x65 || p[i] == 0x45 {
                i += 1
                if i < e, p[i] == 0x2B || p[i] == 0x2D { i += 1 }
                var expDigits = 0
                while i < e, isDigit(p[i]) { i += 1; expDigits += 1 }
                if expDigits == 0 { return nil }
            }
            guard i == e else { return nil }
            return Double(text(s, e))
        }
        guard allowSpecial else { return nil }
        let word = text(i, e).lowercased()
        let negative = p[s] == 0x2D
        switch word {
        case "nan": return .nan
        case "inf", "infinity": return negative ? -.infinity : .infinity
        default: return nil
        }
    }

    func text(_ s: Int, _ e: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: p + s, count: e - s), as: UTF8.self)
    }
}

@inline(__always) func isNameStart(_ c: UInt8) -> Bool {
    (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F
}

@inline(__always) func isNameChar(_ c: UInt8) -> Bool { isNameStart(c) || isDigit(c) }

/// Milliseconds as Int64, clamped to ±9e15 (about ±285,000 years) instead of
/// trapping. Anything clamped is outside `ValidTime`, so making a record of
/// it fails with a clear error (the parser itself accepts the syntax).
func clampedMilliseconds(_ ms: Double) -> Int64 {
    guard ms.isFinite else { return ms > 0 ? 9_000_000_000_000_000 : (ms < 0 ? -9_000_000_000_000_000 : 0) }
    return Int64(min(max(ms.rounded(), -9.0e15), 9.0e15))
}

extension ExpositionLine {
    /// A label value read as a number (le, quantile), by the sample value grammar.
    func number(_ text: String) -> Double? {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        return bytes.withUnsafeMutableBufferPointer { b -> Double? in
            guard let p = b.baseAddress else { return nil }
            return ExpositionLine(UnsafePointer(p), count: b.count, openMetrics: true).parseNumber(0, b.count, allowSpecial: true)
        }
    }
}
