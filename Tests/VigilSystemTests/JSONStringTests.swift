import Testing
import VigilSystem

/// Hostile text in any JSON the project writes: escaped so that the line
/// keeps its structure and carries no terminal controls.
@Suite struct JSONStringTests {
    @Test func escapesQuotesControlsAndTerminalDangerousCharacters() {
        #expect(jsonQuoted("plain") == #""plain""#)
        #expect(jsonQuoted("é ✓") == "\"é ✓\"")
        #expect(jsonQuoted("a\"b\\c\nd\u{08}\u{0C}\u{01}") == #""a\"b\\c\nd\b\f\u0001""#)
        #expect(jsonQuoted("\u{7F}del") == #""\u007fdel""#)
        #expect(jsonQuoted("csi\u{9B}31m") == #""csi\u009b31m""#)
        #expect(jsonQuoted("line\u{2028}para\u{2029}") == #""line\u2028para\u2029""#)
        #expect(jsonQuoted("\u{2026}\u{00A0}") == "\"\u{2026}\u{00A0}\"")
    }

    /// The bytes a native-line writer appends are `jsonQuoted`'s, for text
    /// with nothing to escape (copied as is) and for text with something.
    @Test func appendedBytesAreTheQuotedText() {
        let pieces = ["a", "é", "✓", "\"", "\\", "\n", "\u{01}", "\u{7F}", "\u{9B}", "\u{2028}", "\u{2026}", "\u{A0}", " ", "日本"]
        // Every piece alone, in pairs and in threes: escapes at the start,
        // the middle and the end, next to non-ASCII text.
        var texts = [""] + pieces
        for a in pieces { for b in pieces { texts.append(a + b); for c in pieces { texts.append(a + b + c) } } }
        for text in texts {
            var bytes: [UInt8] = [0x2C]
            appendJSONQuoted(text, to: &bytes)
            #expect(bytes == [0x2C] + Array(jsonQuoted(text).utf8), "\(text.debugDescription)")
        }
    }
}
