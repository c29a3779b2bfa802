/// Makes text from data safe to put on a terminal.
///
/// Labels, flag names and event text come from files other people write. A
/// label holding `ESC [2J` must not clear the operator's screen, and one
/// holding a bidi override must not make a number read backwards. So every
/// string drawn on a canvas passes through here. Nothing is dropped without
/// a trace, so two labels that differ only in hidden bytes never look the
/// same and tampering shows:
/// - a whole escape sequence (CSI, OSC, DCS and friends) becomes one `␛`
///   (its payload, e.g. a window title, is not shown);
/// - other C0 controls become their control pictures (`␇`, `␈`), DEL `␡`;
/// - C1 controls, bidi controls and noncharacters become U+FFFD;
/// - tabs and line breaks become spaces.
public enum TextSanitizer {
    /// Shown in place of a removed escape sequence (SYMBOL FOR ESCAPE).
    public static let escapeMark: Unicode.Scalar = "\u{241B}"

    public static func clean(_ input: String) -> String {
        // Fast path: plain printable ASCII needs no work.
        if input.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return input }
        var out = String.UnicodeScalarView()
        var state = State.text
        for s in input.unicodeScalars {
            let v = s.value
            switch state {
            case .text:
                if v == 0x1B { out.append(escapeMark); state = .escape; continue }
                if v == 0x9B { out.append(escapeMark); state = .csi; continue }
                if v == 0x9D || v == 0x90 || v == 0x98 || v == 0x9E || v == 0x9F {
                    out.append(escapeMark); state = .string; continue
                }
                if v == 0x09 || v == 0x0A || v == 0x0D { out.append(" "); continue }
                if v < 0x20, let picture = Unicode.Scalar(0x2400 + v) { out.append(picture); continue }
                if v == 0x7F { out.append("\u{2421}"); continue }
                if (v >= 0x80 && v < 0xA0) || isBidiControl(v) || isNoncharacter(v) { out.append("\u{FFFD}"); continue }
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

    private static func isBidiControl(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x061C
            || v == 0x200E || v == 0x200F
    }

    private static func isNoncharacter(_ v: UInt32) -> Bool {
        (0xFDD0...0xFDEF).contains(v) || (v & 0xFFFE) == 0xFFFE
    }
}
