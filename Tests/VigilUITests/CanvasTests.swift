import Testing
import VigilUI

@Suite struct CanvasTests {
    @Test func putReturnsColumnsAndClips() {
        var c = Canvas(width: 10, height: 2)
        #expect(c.put("hello", x: 0, y: 0) == 5)
        #expect(c.put("abcdefgh", x: 6, y: 0) == 4)
        #expect(c.put("xyz", x: 0, y: 1, maxWidth: 2) == 2)
        #expect(c.text() == "hello abcd\nxy")
        #expect(c.put("out", x: 0, y: 5) == 0)
    }

    @Test func wideCharactersTakeTwoColumnsAndNeverSplit() {
        var c = Canvas(width: 5, height: 1)
        #expect(c.put("中文字", x: 0, y: 0) == 4) // the third would need columns 4-5
        #expect(c[0, 0].text == "中")
        #expect(c[1, 0].isContinuation)
        #expect(c.text() == "中文")
    }

    @Test func overwritingHalfAWideCharacterLeavesNoOrphan() {
        var c = Canvas(width: 4, height: 1)
        c.put("中文", x: 0, y: 0)
        c.put("a", x: 1, y: 0) // right half of 中
        #expect(c.text() == " a文")
        c.put("b", x: 2, y: 0) // left half of 文
        #expect(c.text() == " ab")
        #expect(!c[3, 0].isContinuation)
    }

    @Test func textTrimsTrailingSpacesPerRow() {
        var c = Canvas(width: 6, height: 3)
        c.put("a  ", x: 0, y: 0)
        c.put("b", x: 5, y: 2)
        #expect(c.text() == "a\n\n     b")
    }

    @Test func truncationAddsAnEllipsisWithinTheWidth() {
        var c = Canvas(width: 8, height: 1)
        #expect(c.putTruncating("support-agent", x: 0, y: 0, maxWidth: 6) == 6)
        #expect(c.text() == "suppo…")
        #expect(TextLayout.truncate("日本語テキスト", toWidth: 6) == "日本…")
        #expect(TextLayout.pad("日本", toWidth: 6, alignRight: true) == "  日本")
    }

    @Test func wrapKeepsWordsAndCutsLongOnes() {
        #expect(TextLayout.wrap("one two three", width: 7) == ["one two", "three"])
        #expect(TextLayout.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(TextLayout.wrap("中中中", width: 1) == ["中", "中", "中"]) // progress even when nothing fits
    }

    @Test func sparklineScalesToItsOwnRange() {
        #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7], width: 8) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render([1, 2], width: 4) == "  ▁█")
        #expect(Sparkline.render([5, 5, 5], width: 3) == "▄▄▄")
        #expect(Sparkline.render([1, .nan, 3], width: 3) == "▁ █")
        #expect(Sparkline.render([], width: 3) == "   ")
    }
}

@Suite struct NumberFormatTests {
    @Test func smallValuesKeepTheirSignificantDigits() {
        let row = { (v: Double) -> String in
            var signals = Fixtures.signals
            signals[0].value = v
            let text = render(Fixtures.model(signals: signals), ViewState(), width: 100, height: 30, theme: .dark).text()
            return text.split(separator: "\n").first { $0.contains("error_rate") }.map(String.init) ?? ""
        }
        #expect(row(0.0004).contains(" 0.0004 "))
        #expect(row(0.0000004).contains(" 4e-7 "))
        #expect(row(0).contains(" 0 "))
        #expect(row(1234567).contains(" 1234567 "))
        #expect(row(123456789).contains(" 123.5M "))
    }
}
