/// A JSON string literal: `"`, `\` and control characters escaped, the rest
/// (including non-ASCII) written as UTF-8. One definition for every JSON the
/// project writes (ledger, native lines, the headless stream), so hostile
/// text from the data cannot break a line's structure anywhere.
///
/// DEL, the C1 controls (U+0080–U+009F) and the line and paragraph separators
/// (U+2028, U+2029) are escaped too, though JSON allows them raw: a stream
/// piped to a terminal must not carry a C1 CSI, and a line must not end in
/// the middle for a reader that splits on Unicode line breaks.
public func jsonQuoted(_ s: String) -> String {
    if !mayNeedEscaping(s) { return "\"" + s + "\"" }
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        default:
            if u.value < 0x20 || (u.value >= 0x7F && u.value < 0xA0) || u.value == 0x2028 || u.value == 0x2029 {
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}

/// `jsonQuoted(s)`'s UTF-8 appended to `bytes`; text with nothing to escape
/// (nearly all of it) is copied without making a `String`.
public func appendJSONQuoted(_ s: String, to bytes: inout [UInt8]) {
    guard !mayNeedEscaping(s) else { bytes += jsonQuoted(s).utf8; return }
    bytes.append(UInt8(ascii: "\""))
    bytes += s.utf8
    bytes.append(UInt8(ascii: "\""))
}

/// False when no byte of `s` can need an escape: `jsonQuoted` returns it
/// quoted as it is. 0xC2 leads U+0080–U+00BF and 0xE2 leads U+2000–U+2FFF:
/// text with those bytes is looked at closer.
private func mayNeedEscaping(_ s: String) -> Bool {
    func escapable(_ b: UInt8) -> Bool { b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xC2 || b == 0xE2 }
    // The contiguous bytes when the string has them: iterating the view is
    // several times slower, and every label of every native line passes here.
    if let found = s.utf8.withContiguousStorageIfAvailable({ $0.contains(where: escapable) }) { return found }
    return s.utf8.contains(where: escapable)
}
