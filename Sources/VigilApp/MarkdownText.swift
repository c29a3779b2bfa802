import VigilCore

/// Text from the data placed in a Markdown export: a label holding `|`, a
/// backtick, `<script>` or a line break must stay text in its table cell or
/// list item, never end the cell, open a code block or become HTML. It is
/// sanitized for a terminal first (the export is often read with `cat`).
enum MarkdownText {
    /// Characters with a meaning in CommonMark/GFM inline text or HTML.
    private static let special: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", "|", "~", "&"]

    /// One line of plain inline text with every special character escaped.
    static func inline(_ s: String) -> String {
        let clean = TextSanitizer.clean(s)
        guard clean.contains(where: special.contains) else { return clean }
        let chars = Array(clean)
        var out = ""
        for (i, c) in chars.enumerated() {
            // `auto_after` stays as written: an underscore inside a word never emphasises.
            let intraword = c == "_" && i > 0 && i + 1 < chars.count
                && (chars[i - 1].isLetter || chars[i - 1].isNumber) && (chars[i + 1].isLetter || chars[i + 1].isNumber)
            if special.contains(c), !intraword { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// A code span: fenced by one backtick more than the longest run inside,
    /// so no content can close it; `|` (which ends a table cell even in code)
    /// is escaped.
    static func code(_ s: String) -> String {
        let clean = TextSanitizer.clean(s).replacingOccurrences(of: "|", with: "\\|")
        var longest = 0, run = 0
        for c in clean { run = c == "`" ? run + 1 : 0; longest = max(longest, run) }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = clean.hasPrefix("`") || clean.hasSuffix("`") ? " " : ""
        return fence + pad + clean + pad + fence
    }
}

import Foundation
