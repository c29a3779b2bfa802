/// A byte range of one JSON string's contents (between the quotes).
struct StringToken {
    var start: Int
    var end: Int
    /// True when the contents hold a backslash escape and need `unescape`.
    var escaped: Bool
    var count: Int { end - start }
}

/// A strict, allocation-free JSON scanner over one line of bytes.
///
/// It validates as it goes (RFC 8259 grammar) and reports the byte offset of
/// the first problem. Bytes are never copied: strings and numbers come back as
/// ranges into the line, to be converted only when a decoder needs them.
struct JSONCursor {
    let base: UnsafePointer<UInt8>
    let end: Int
    var pos: Int = 0

    /// Deeper nesting than this in ignored values is rejected (no stack blowups).
    static let maxDepth = 128

    init(_ base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.end = count
    }

    var atEnd: Bool { pos >= end }

    /// The current byte, or 0 at the end of the line (0 is never valid JSON
    /// outside a string, so it doubles as an end marker).
    @inline(__always) var current: UInt8 { pos < end ? base[pos] : 0 }

    @inline(__always) mutating func skipWhitespace() {
        while pos < end {
            let c = base[pos]
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A { pos += 1 } else { return }
        }
    }

    func error(_ message: String, at offset: Int? = nil) -> ScanError {
        ScanError(offset: offset ?? pos, message: message)
    }

    /// What is at the cursor, for messages: `'x'` or `end of line`.
    var found: String {
        guard pos < end else { return "end of line" }
        let c = base[pos]
        if c >= 0x20 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x" + String(c, radix: 16, uppercase: true)
    }

    @inline(__always) mutating func expect(_ byte: UInt8, _ what: StaticString) throws(ScanError) {
        guard pos < end, base[pos] == byte else { throw error("expected \(what), found \(found)") }
        pos += 1
    }

    // MARK: Strings

    /// Scans a string starting at its opening quote; leaves the cursor after the closing quote.
    mutating func scanString() throws(ScanError) -> StringToken {
        let open = pos
        pos += 1
        let start = pos
        var escaped = false
        while pos < end {
            pos = skipPlainStringBytes(base, from: pos, to: end)
            guard pos < end else { break }
            let c = base[pos]
            if c == 0x22 { // "
                let token = StringToken(start: start, end: pos, escaped: escaped)
                pos += 1
                return token
            }
            if c == 0x5C { // backslash
                escaped = true
                try scanEscape()
                continue
            }
            if c < 0x20 { throw error("control character in string (escape it)") }
            pos += 1
        }
        throw error("unterminated string", at: open)
    }

    private mutating func scanEscape() throws(ScanError) {
        let at = pos
        pos += 1
        guard pos < end else { throw error("unterminated string", at: at) }
        switch base[pos] {
        case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: // " \ / b f n r t
            pos += 1
        case 0x75: // u
            pos += 1
            guard pos + 4 <= end else { throw error("incomplete \\u escape", at: at) }
            for k in 0..<4 where hexValue(base[pos + k]) < 0 {
                throw error("invalid hex digit in \\u escape", at: pos + k)
            }
            pos += 4
        default:
            throw error("invalid escape sequence", at: at)
        }
    }

    /// Appends the decoded UTF-8 of an escaped string token to `out`.
    /// Unpaired surrogates become U+FFFD; the token was validated by `scanString`.
    func unescape(_ t: StringToken, into out: inout [UInt8]) {
        var i = t.start
        while i < t.end {
            let c = base[i]
            guard c == 0x5C else { out.append(c); i += 1; continue }
            let e = base[i + 1]
            i += 2
            switch e {
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = hex4(at: i)
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    // A high surrogate must be followed by \u and a low surrogate.
                    if i + 6 <= t.end, base[i] == 0x5C, base[i + 1] == 0x75 {
                        let low = hex4(at: i + 2)
                        if low >= 0xDC00 && low < 0xE000 {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            i += 6
                        } else {
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    scalar = 0xFFFD
                }
                appendUTF8(scalar, to: &out)
            default: out.append(e) // " \ /
            }
        }
    }

    private func hex4(at i: Int) -> UInt32 {
        var v: UInt32 = 0
        for k in 0..<4 { v = v << 4 | UInt32(hexValue(base[i + k])) }
        return v
    }

    // MARK: Numbers and literals

    /// Scans a number by the strict JSON grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    mutating func scanNumber() throws(ScanError) -> Range<Int> {
        let start = pos
        if current == 0x2D { pos += 1 } // -
        let intStart = pos
        guard isDigit(current) else { throw error("invalid number", at: start) }
        if current == 0x30 {
            pos += 1
            if isDigit(current) { throw error("leading zero in number", at: intStart) }
        } else {
            while isDigit(current) { pos += 1 }
        }
        if current == 0x2E { // .
            pos += 1
            guard isDigit(current) else { throw error("expected a digit after the decimal point") }
            while isDigit(current) { pos += 1 }
        }
        if current == 0x65 || current == 0x45 { // e E
            pos += 1
            if current == 0x2B || current == 0x2D { pos += 1 }
            guard isDigit(current) else { throw error("expected a digit in the exponent") }
            while isDigit(current) { pos += 1 }
        }
        return start..<pos
    }

    /// Scans `true`, `false` or `null`; returns the first byte (t, f or n).
    mutating func scanLiteral() throws(ScanError) -> UInt8 {
        let c = current
        let word: StaticString
        switch c {
        case 0x74: word = "true"
        case 0x66: word = "false"
        case 0x6E: word = "null"
        default: throw error("expected a value, found \(found)")
        }
        let n = word.utf8CodeUnitCount
        guard pos + n <= end else { throw error("expected a value, found \(found)") }
        let p = word.utf8Start
        for k in 0..<n where base[pos + k] != p[k] { throw error("expected a value, found \(found)") }
        pos += n
        return c
    }

    /// Skips any value (used for keys the decoder does not know).
    mutating func skipValue(depth: Int = 0) throws(ScanError) {
        guard depth < JSONCursor.maxDepth else { throw error("nesting too deep") }
        switch current {
        case 0x22: _ = try scanString()
        case 0x2D, 0x30...0x39: _ = try scanNumber()
        case 0x7B: // {
            pos += 1
            skipWhitespace()
            if current == 0x7D { pos += 1; return }
            while true {
                skipWhitespace()
                guard current == 0x22 else { throw error("expected a string key, found \(found)") }
                _ = try scanString()
                skipWhitespace()
                try expect(0x3A, "':'")
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if current == 0x2C { pos += 1; continue }
                try expect(0x7D, "',' or '}'")
                return
            }
        case 0x5B: // [
            pos += 1
            skipWhitespace()
            if current == 0x5D { pos += 1; return }
            while true {
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if current == 0x2C { pos += 1; continue }
                try expect(0x5D, "',' or ']'")
                return
            }
        default:
            _ = try scanLiteral()
        }
    }
}

/// Nonzero when one of the eight bytes in `w` (little-endian) is `"`, `\\` or
/// below 0x20: the classic SWAR zero-byte test. The lowest set bit is in the
/// first such byte (flags above it may be spurious, never below).
@inline(__always) func attentionMask(_ w: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high: UInt64 = 0x8080_8080_8080_8080
    let q = w ^ (ones &* 0x22)
    let b = w ^ (ones &* 0x5C)
    let zq = (q &- ones) & ~q
    let zb = (b &- ones) & ~b
    let lt = (w &- ones &* 0x20) & ~w
    return (zq | zb | lt) & high
}

/// Skips string contents eight bytes at a time while none is a quote,
/// backslash or control byte. Returns the index of the first such byte, or
/// where fewer than eight bytes are left (the caller goes on byte by byte).
@inline(__always) func skipPlainStringBytes(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
    let raw = UnsafeRawPointer(p)
    var i = start
    while i + 8 <= end {
        let mask = attentionMask(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        if mask != 0 { return i + mask.trailingZeroBitCount >> 3 }
        i += 8
    }
    return i
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

@inline(__always) func hexValue(_ c: UInt8) -> Int {
    switch c {
    case 0x30...0x39: return Int(c - 0x30)
    case 0x41...0x46: return Int(c - 0x41 + 10)
    case 0x61...0x66: return Int(c - 0x61 + 10)
    default: return -1
    }
}

func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
        out.append(UInt8(scalar))
    case 0x80..<0x800:
        out.append(UInt8(0xC0 | scalar >> 6))
        out.append(UInt8(0x80 | scalar & 0x3F))
    case 0x800..<0x10000:
        out.append(UInt8(0xE0 | scalar >> 12))
        out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
        out.append(UInt8(0x80 | scalar & 0x3F))
    default:
        out.append(UInt8(0xF0 | scalar >> 18))
        out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
        out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
        out.append(UInt8(0x80 | scalar & 0x3F))
    }
}
