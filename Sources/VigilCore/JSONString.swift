/// A JSON string literal: `"`, `\` and control characters escaped, the rest
/// (including non-ASCII) written as UTF-8. One definition for every JSON the
/// project writes (ledger, native lines, the headless stream), so hostile
/// text from the data cannot break a line's structure anywhere.
public func jsonQuoted(_ s: String) -> String {
    var needs = false
    for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C { needs = true; break }
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
            if u.value < 0x20 {
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}
