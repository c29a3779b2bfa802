/// How many terminal columns text takes.
///
/// Vigil carries its own table instead of calling `wcwidth` so layout does
/// not depend on the C library's locale data (tests run the same everywhere)
/// and because `wcwidth` is hidden from Swift on Linux. The table follows the
/// rules glibc and ncurses use, so the canvas and the terminal agree: East
/// Asian Wide and Fullwidth characters and emoji with emoji presentation take
/// two columns; combining marks and format characters take none; everything
/// else printable takes one. A grapheme takes the width of its first
/// non-zero-width scalar, which is what ncurses does with a `cchar_t`.
public enum DisplayWidth {
    /// Columns one scalar takes: 0, 1 or 2. Control characters count as 0;
    /// the sanitizer removes them before they reach a canvas.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 } // fast path: Latin, no marks before U+0300
        if v >= symbolsStart && v < symbolsStart + UInt32(symbols.count) { return Int(symbols[Int(v - symbolsStart)]) }
        return computed(scalar)
    }

    /// What every frame is drawn with — punctuation, arrows, box drawing,
    /// block elements (sparklines), shapes, dingbats (U+2000–U+27FF) — looked
    /// up instead of computed: Unicode property lookups were a fifth of a
    /// frame. Filled by `computed`, so it cannot disagree with it.
    private static let symbolsStart: UInt32 = 0x2000
    private static let symbols: [UInt8] = (UInt32(0x2000)..<0x2800).map { UInt8(computed(Unicode.Scalar($0)!)) }

    private static func computed(_ scalar: Unicode.Scalar) -> Int {
        if isZeroWidth(scalar) { return 0 }
        if isWide(scalar.value) { return 2 }
        return 1
    }

    /// Columns one grapheme takes.
    public static func of(_ character: Character) -> Int {
        for s in character.unicodeScalars {
            let w = of(s)
            if w > 0 { return w }
        }
        return 0
    }

    /// Columns a string takes when printed on one line.
    public static func of(_ string: String) -> Int {
        // ASCII, most of a frame: a printable byte is one column, a control
        // none (CR LF, one grapheme, is none either way), so the bytes are
        // counted without breaking the text into graphemes.
        var columns = 0
        var isASCII = true
        for b in string.utf8 {
            if b >= 0x80 { isASCII = false; break }
            if b >= 0x20 && b != 0x7F { columns += 1 }
        }
        if isASCII { return columns }
        var total = 0
        for c in string { total += of(c) }
        return total
    }

    private static func isZeroWidth(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v == 0xAD { return false } // soft hyphen prints as a hyphen
        if (0x1160...0x11FF).contains(v) { return true } // Hangul medial vowels, final consonants
        if v == 0x200B { return true }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    private static func isWide(_ v: UInt32) -> Bool {
        // Regional indicators have emoji presentation but East Asian Width N;
        // glibc (and so ncurses) gives them one column.
        if (0x1F1E6...0x1F1FF).contains(v) { return false }
        if let s = Unicode.Scalar(v), s.properties.isEmojiPresentation { return true }
        // Binary search over sorted, non-overlapping ranges.
        var lo = 0
        var hi = wideRanges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = wideRanges[mid]
            if v < r.lowerBound { hi = mid - 1 } else if v > r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges that are not emoji, after
    /// Unicode 15 `EastAsianWidth.txt`.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x2E99, 0x2E9B...0x2EF3, 0x2F00...0x2FD5,
        0x2FF0...0x2FFB, 0x3000...0x303E, 0x3041...0x3096, 0x3099...0x30FF, 0x3105...0x312F,
        0x3131...0x318E, 0x3190...0x31E3, 0x31F0...0x321E, 0x3220...0x3247, 0x3250...0x4DBF,
        0x4E00...0xA48C, 0xA490...0xA4C6, 0xA960...0xA97C, 0xAC00...0xD7A3, 0xF900...0xFAFF,
        0xFE10...0xFE19, 0xFE30...0xFE52, 0xFE54...0xFE66, 0xFE68...0xFE6B, 0xFF01...0xFF60,
        0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x16FF0...0x16FF1, 0x17000...0x187F7,
        0x18800...0x18CD5, 0x18D00...0x18D08, 0x1AFF0...0x1AFFE, 0x1B000...0x1B122,
        0x1B132...0x1B132, 0x1B150...0x1B152, 0x1B155...0x1B155, 0x1B164...0x1B167,
        0x1B170...0x1B2FB, 0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248,
        0x1F250...0x1F251, 0x1F260...0x1F265, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
