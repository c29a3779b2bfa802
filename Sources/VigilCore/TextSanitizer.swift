/// Makes text from data safe to put on a terminal: the one sanitizer for the
/// dashboard's cells and for every line the command line prints.
///
/// Labels, flag names and event text come from files other people write. A
/// label holding `ESC [2J` must not clear the operator's screen, one holding
/// `ESC ]0;…BEL` must not retitle the terminal (or OSC 52 fill its
/// clipboard), and one holding a bidi override must not make a number read
/// backwards. Nothing is dropped without a trace, so two labels that differ
/// only in hidden characters never look the same and tampering shows:
/// - a whole escape sequence (CSI, OSC, DCS and friends) becomes one `␛`
///   (its payload, e.g. a window title, is not shown);
/// - other C0 controls become their control pictures (`␇`, `␈`), DEL `␡`;
/// - C1 controls and noncharacters become U+FFFD;
/// - invisible characters (Unicode format characters such as U+200B zero
///   width space, U+FEFF, the bidi controls U+202A–U+202E and U+2066–U+2069,
///   and every other default-ignorable code point) become a visible mark
///   naming them, e.g. `⟨U+200B⟩`;
/// - in one-line text (`clean`) tabs and line breaks become spaces; in
///   multi-line output (`cleanLines`) `\n` and `\t` stay and `\r` shows as `␍`.
///
/// Pure and deterministic (no Foundation), so it lives in the core where
/// the UI, the runtime and the command line all reach it.
public enum TextSanitizer {
    /// Shown in place of a removed escape sequence (SYMBOL FOR ESCAPE).
    public static let escapeMark: Unicode.Scalar = "\u{241B}"

    /// One line: for a screen cell row or a field inside a line of output.
    public static func clean(_ input: String) -> String { sanitize(input, keepLines: false) }

    /// Multi-line output for a terminal stream: keeps `\n` and `\t`.
    public static func cleanLines(_ input: String) -> String { sanitize(input, keepLines: true) }

    /// The visible mark for an invisible character, e.g. `⟨U+200B⟩`.
    public static func mark(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16, uppercase: true)
        return "⟨U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "⟩"
    }

    /// True for characters drawn with no ink: format characters (Cf, which
    /// includes the bidi controls) and other default-ignorable code points.
    public static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0xA0 { return false }
        // Super/subscripts to CJK punctuation (sparklines, box drawing,
        // arrows, dingbats): none is a format or default-ignorable character,
        // and a dashboard frame sanitizes thousands of them.
        if s.value >= 0x2070 && s.value < 0x3000 { return false }
        let p = s.properties
        return p.generalCategory == .format || p.isDefaultIgnorableCodePoint
            || s.value == 0x2028 || s.value == 0x2029
    }

    private static func sanitize(_ input: String, keepLines: Bool) -> String {
        // Fast path: plain printable ASCII needs no work.
        if input.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || (keepLines && ($0 == 0x0A || $0 == 0x09)) }) {
            return input
        }
        // And printable text beyond ASCII (a sparkline, box drawing, a
        // name in another script): every scalar would be kept as it is, so
        // the string is returned instead of rebuilt scalar by scalar.
        if input.unicodeScalars.allSatisfy({ isKept($0, keepLines: keepLines) }) { return input }
        var out = String.UnicodeScalarView()
        var state = State.text
        for s in input.unicodeScalars {
            let v = s.value
            // An escape left open must not hide the lines after it.
            if keepLines, v == 0x0A, state != .text { out.append(s); state = .text; continue }
            switch state {
            case .text:
                if v == 0x1B { out.append(escapeMark); state = .escape; continue }
                if v == 0x9B { out.append(escapeMark); state = .csi; continue }
                if v == 0x9D || v == 0x90 || v == 0x98 || v == 0x9E || v == 0x9F {
                    out.append(escapeMark); state = .string; continue
                }
                if keepLines, v == 0x09 || v == 0x0A { out.append(s); continue }
                if !keepLines, v == 0x09 || v == 0x0A || v == 0x0D { out.append(" "); continue }
                if v < 0x20, let picture = Unicode.Scalar(0x2400 + v) { out.append(picture); continue }
                if v == 0x7F { out.append("\u{2421}"); continue }
                if (v >= 0x80 && v < 0xA0) || isNoncharacter(v) { out.append("\u{FFFD}"); continue }
                if isInvisible(s) { out.append(contentsOf: mark(s).unicodeScalars); continue }
                out.append(s)
            case .escape:
                switch v {
                case 0x5B: state = .csi                               // ESC [
                case 0x5D, 0x50, 0x58, 0x5E, 0x5F: state = .string    // ESC ] P X ^ _
                case 0x20...0x2F: state = .escapeIntermediate         // ESC ( B and friends
                default: state = .text                                // ESC c, ESC 7, ...
                }
            case .escapeIntermediate:
                if !(0x20...0x2F).contains(v) { state = .text }
            case .csi:
                // Parameters and intermediates run until a final byte @..~.
                if (0x40...0x7E).contains(v) || v < 0x20 && v != 0x1B { state = .text }
                if v == 0x1B { state = .escape }
            case .string:
                // OSC/DCS strings end at BEL, ST (ESC \) or C1 ST.
                if v == 0x07 || v == 0x9C { state = .text }
                if v == 0x1B { state = .stringEscape }
            case .stringEscape:
                state = v == 0x5C ? .text : .string
            }
        }
        return String(out)
    }

    private enum State { case text, escape, escapeIntermediate, csi, string, stringEscape }

    /// Whether the text state below appends `s` unchanged and stays in text.
    @inline(__always)
    private static func isKept(_ s: Unicode.Scalar, keepLines: Bool) -> Bool {
        let v = s.value
        if v < 0x20 { return keepLines && (v == 0x09 || v == 0x0A) }
        return v != 0x7F && !(v >= 0x80 && v < 0xA0) && !isNoncharacter(v) && !isInvisible(s)
    }

    private static func isNoncharacter(_ v: UInt32) -> Bool {
        (0xFDD0...0xFDEF).contains(v) || (v & 0xFFFE) == 0xFFFE
    }
}
