/// Width-aware string helpers for laying out columns. All widths are
/// terminal columns (see `DisplayWidth`), never character counts, so CJK
/// and emoji labels keep columns aligned.
public enum TextLayout {
    /// The longest prefix that fits, with "…" when something was cut.
    public static func truncate(_ s: String, toWidth width: Int) -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(s) <= width { return s }
        var out = ""
        var used = 0
        for ch in s {
            let w = DisplayWidth.of(ch)
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }

    /// Pads (or truncates) to exactly `width` columns.
    public static func pad(_ s: String, toWidth width: Int, alignRight: Bool = false) -> String {
        let t = truncate(s, toWidth: width)
        let gap = max(0, width - DisplayWidth.of(t))
        let spaces = String(repeating: " ", count: gap)
        return alignRight ? spaces + t : t + spaces
    }

    /// Greedy word wrap into lines of at most `width` columns; words longer
    /// than a line are cut.
    public static func wrap(_ s: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in s.split(separator: " ", omittingEmptySubsequences: true) {
            var w = String(word)
            var ww = DisplayWidth.of(w)
            if lineWidth > 0 && lineWidth + 1 + ww <= width {
                line += " " + w; lineWidth += 1 + ww
                continue
            }
            if lineWidth > 0 { lines.append(line) }
            while ww > width {
                let (head, rest) = split(w, atWidth: width)
                lines.append(head)
                w = rest
                ww = DisplayWidth.of(w)
            }
            line = w; lineWidth = ww
        }
        if lineWidth > 0 || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// The longest prefix within `width` columns (at least one character, so
    /// callers always make progress) and the rest.
    static func split(_ s: String, atWidth width: Int) -> (String, String) {
        var head = ""
        var used = 0
        var rest = Substring(s)
        while let ch = rest.first {
            let w = DisplayWidth.of(ch)
            if used + w > width && !head.isEmpty { break }
            head.append(ch); used += w
            rest = rest.dropFirst()
        }
        return (head, String(rest))
    }
}
