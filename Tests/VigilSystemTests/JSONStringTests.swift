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
}
