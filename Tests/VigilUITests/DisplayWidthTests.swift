import Testing
import VigilUI

/// The fast paths of `DisplayWidth` (Latin, and a table for U+2000–U+27FF)
/// must keep the rules (marks and format characters 0, wide and
/// emoji-presented 2, everything else printable 1).
@Suite struct DisplayWidthTests {
    @Test func boxDrawingBlocksAndShapesTakeOneColumn() {
        for v in UInt32(0x2500)...0x25FC {
            let s = Unicode.Scalar(v)!
            // What the general path would look at, asked of Unicode directly.
            let zeroWidth = [.nonspacingMark, .enclosingMark, .format].contains(s.properties.generalCategory)
            #expect(!zeroWidth && !s.properties.isEmojiPresentation, "U+\(String(v, radix: 16))")
            #expect(DisplayWidth.of(s) == 1, "U+\(String(v, radix: 16))")
        }
    }

    @Test func theLookedUpSymbolsKeepTheRulesExceptions() {
        // Format characters and combining marks for symbols: none.
        for v: UInt32 in [0x200B, 0x200D, 0x2060, 0x20D0, 0x20E3] { #expect(DisplayWidth.of(Unicode.Scalar(v)!) == 0) }
        // Emoji presentation and East Asian Wide: two.
        for v: UInt32 in [0x231A, 0x23F0, 0x25FD, 0x25FE, 0x2705, 0x2329] { #expect(DisplayWidth.of(Unicode.Scalar(v)!) == 2) }
        // Past the table: computed as before.
        #expect(DisplayWidth.of(Unicode.Scalar(0x2800)!) == 1)
        #expect(DisplayWidth.of(Unicode.Scalar(0x1F600)!) == 2)
    }

    @Test func theDashboardsGlyphsAndText() {
        #expect(DisplayWidth.of("─│┬ ▁▄█ ● ◌ ✓ ✗ ∅ ›") == 19)
        #expect(DisplayWidth.of("漢字") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)
    }
}
