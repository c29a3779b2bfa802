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
    var needs = false
    // 0xC2 leads U+0080–U+00BF and 0xE2 leads U+2000–U+2FFF: look closer there.
    for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xC2 || b == 0xE2 { needs = true; break }
    if !needs { return "\"" + s + "\"" }
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
