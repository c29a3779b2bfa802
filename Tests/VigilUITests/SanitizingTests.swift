import Testing
@testable import VigilCore
import VigilUI

/// Text from data must never drive the terminal.
@Suite struct SanitizingTests {
    @Test func escapeSequencesBecomeOneVisibleMark() {
        #expect(TextSanitizer.clean("evil\u{1b}[2Jname") == "evil␛name")
        #expect(TextSanitizer.clean("a\u{1b}]0;pwned title\u{07}b") == "a␛b")            // OSC set-title: payload hidden
        #expect(TextSanitizer.clean("a\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\b") == "a␛link␛b") // OSC 8
        #expect(TextSanitizer.clean("a\u{9b}31mb") == "a␛b")                             // C1 CSI
        #expect(TextSanitizer.clean("a\u{1b}(Bb\u{1b}7c") == "a␛b␛c")
        #expect(TextSanitizer.clean("tab\tnew\nline\r") == "tab new line ")
    }

    /// `isInvisible` answers U+2070–U+2FFF without asking Unicode; Unicode
    /// must agree that none of them is a format or default-ignorable character.
    @Test func noSymbolBetweenSuperscriptsAndCJKIsInvisible() {
        for v in UInt32(0x2070)..<0x3000 {
            let s = Unicode.Scalar(v)!
            #expect(s.properties.generalCategory != .format && !s.properties.isDefaultIgnorableCodePoint, "U+\(String(v, radix: 16))")
            #expect(!TextSanitizer.isInvisible(s))
        }
        #expect(TextSanitizer.isInvisible(Unicode.Scalar(0x2066)!))  // just below: an isolate, invisible
    }

    /// Printable text beyond ASCII is returned as it is, without being
    /// rebuilt; next to a character that must change, each part is cleaned
    /// as it would be alone (the text state works scalar by scalar).
    @Test func printableTextIsKeptWholeAndMixedTextPartByPart() {
        let kept = ["▁▂▃█", "─│┼", "über", "日本語", "😀", "→ ✓", "x⁰₉", "Ω"]
        let changed = ["\u{07}", "\u{7f}", "\u{85}", "\u{200B}", "\u{FFFE}", "\u{2066}", "\t", "\r"]
        for k in kept {
            #expect(TextSanitizer.clean(k) == k && TextSanitizer.cleanLines(k) == k, "\(k)")
            for c in changed {
                let alone = TextSanitizer.clean(c)
                #expect(alone != c, "\(c.unicodeScalars.first!.value)")
                #expect(TextSanitizer.clean(k + c + k) == k + alone + k, "\(k) \(c.unicodeScalars.first!.value)")
            }
        }
        // Lines and tabs are kept in the multi-line form, with the rest.
        #expect(TextSanitizer.cleanLines("▁▂\n日本\tx") == "▁▂\n日本\tx")
    }

    @Test func controlsShowAsPictures() {
        #expect(TextSanitizer.clean("bell\u{07}\u{08}\u{7f}\u{85}\u{00}") == "bell␇␈␡\u{FFFD}␀")
    }

    /// Two label values that differ only in hidden bytes must not look alike.
    @Test func hiddenBytesNeverMakeTwoLabelsLookTheSame() {
        let plain = TextSanitizer.clean("support-agent")
        for hidden in ["support-\u{1b}[0magent", "support-agent\u{1b}]0;x\u{07}", "support\u{08}-agent", "support-agent\u{85}"] {
            #expect(TextSanitizer.clean(hidden) != plain, "\(hidden.debugDescription)")
        }
    }

    /// Zero-width, format and bidi characters are drawn with no ink: each
    /// shows as a mark naming it, so look-alike names never look alike.
    @Test(arguments: ["\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{202A}", "\u{202E}",
                      "\u{2060}", "\u{2064}", "\u{2066}", "\u{2069}", "\u{FEFF}", "\u{00AD}", "\u{061C}",
                      "\u{180E}", "\u{E0001}", "\u{3164}", "\u{2028}"])
    func invisibleCharactersGetAVisibleMark(_ hidden: String) {
        let scalar = hidden.unicodeScalars.first!
        let cleaned = TextSanitizer.clean("support-agent" + hidden)
        #expect(cleaned == "support-agent" + TextSanitizer.mark(scalar))
        #expect(cleaned.hasSuffix("⟩") && cleaned.contains("U+"))
        #expect(TextSanitizer.cleanLines("a\(hidden)b\n") == "a\(TextSanitizer.mark(scalar))b\n")
    }

    @Test func lookAlikeRowsAreTwoDifferentRowsOnScreen() {
        var signals = Fixtures.signals
        signals[0].group = "support-agent"
        signals[1].group = "support-agent\u{200B}"
        let canvas = render(Fixtures.model(signals: signals), ViewState(), width: 160, height: 48, theme: .dark)
        #expect(canvas.text().contains("support-agent⟨U+200B⟩"), "\(canvas.text())")
    }

    @Test func multiLineOutputKeepsLinesButNoControls() {
        #expect(TextSanitizer.cleanLines("a\tb\nc\r\u{1b}]0;t\u{07}d") == "a\tb\nc␍␛d")
        // An escape left open ends at the line break: later lines stay visible.
        #expect(TextSanitizer.cleanLines("x\u{1b}]0;never closed\nnext line\n") == "x␛\nnext line\n")
    }

    @Test func bidiOverridesAndNoncharactersAreReplaced() {
        #expect(TextSanitizer.clean("ab\u{202E}cd") == "ab⟨U+202E⟩cd")
        #expect(TextSanitizer.clean("x\u{FFFF}") == "x\u{FFFD}")
    }

    @Test func printableUnicodeSurvives() {
        #expect(TextSanitizer.clean("品質 ✓ café Δ=-0.21") == "品質 ✓ café Δ=-0.21")
    }

    @Test func canvasSanitizesEverythingItDraws() {
        var c = Canvas(width: 20, height: 1)
        let used = c.put("x\u{1b}[2J\u{1b}[31my", x: 0, y: 0)
        #expect(used == 4)
        #expect(c.text() == "x␛␛y")
        for x in 0..<20 { #expect(!c[x, 0].text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }) }
    }

    @Test func hostileLabelsRenderAsHarmlessText() {
        var signals = Fixtures.signals
        signals[0].signal = "err\u{1b}[2J\u{1b}]0;owned\u{07}_rate"
        signals[0].group = "grp\u{1b}[H"
        var model = Fixtures.model(signals: signals)
        model.core.timeline.append(TimelineEntry(time: Fixtures.at(299), kind: .alert, fact: .otherEvent(name: "boom\u{1b}[2J!")))
        model.status.notice = "done\u{1b}[?1049l"
        for (w, h) in [(80, 24), (160, 48), (60, 16)] {
            let canvas = render(model, ViewState(), width: w, height: h, theme: .dark)
            for y in 0..<h {
                for x in 0..<w {
                    #expect(!canvas[x, y].text.unicodeScalars.contains { $0.value == 0x1B || $0.value < 0x20 })
                }
            }
            #expect(canvas.text().contains("err␛␛_rate"))   // both sequences marked, payload hidden
            #expect(!canvas.text().contains("owned"))
        }
    }

    /// A string's width counted on its bytes when it is ASCII is the sum
    /// over its graphemes, controls and CR LF included.
    @Test func asciiWidthIsTheGraphemeSum() {
        let pieces = ["a", "Z", " ", "~", "\r\n", "\r", "\n", "\t", "\u{7f}", "\u{1b}", "\u{00}", "0"]
        // Every string of up to three pieces (CR then LF across two pieces included).
        var strings = [""]
        for _ in 0..<3 { strings += strings.flatMap { s in pieces.map { s + $0 } } }
        for s in Set(strings) {
            #expect(DisplayWidth.of(s) == s.reduce(0) { $0 + DisplayWidth.of($1) }, "\(Array(s.utf8))")
        }
        #expect(DisplayWidth.of("ab\r\ncd") == 4 && DisplayWidth.of("é日") == 3)
    }

    @Test func displayWidthTable() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("品質スコア") == 10)
        #expect(DisplayWidth.of("ｱ") == 1)          // halfwidth katakana
        #expect(DisplayWidth.of("Ａ") == 2)          // fullwidth Latin
        #expect(DisplayWidth.of("한국") == 4)
        #expect(DisplayWidth.of("🚀") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)   // combining acute
        #expect(DisplayWidth.of("▁█✓✗…∅") == 6)      // the dashboard's own symbols
        #expect(DisplayWidth.of("\u{200B}") == 0)
    }

    /// A CJK signal name takes two columns per character, and the value
    /// column still lines up with the ASCII rows.
    @Test func cjkNamesKeepColumnsAligned() {
        var signals = Fixtures.signals
        signals[0].signal = "品質スコア"
        let model = Fixtures.model(signals: signals)
        let canvas = render(model, ViewState(), width: 100, height: 30, theme: .dark)
        let rows = canvas.text().split(separator: "\n").map(String.init)
        let cjk = rows.first { $0.contains("品質スコア") }
        let ascii = rows.first { $0.contains("p95_latency") }
        #expect(cjk != nil && ascii != nil)
        func columnOf(_ needle: String, in row: String) -> Int? {
            guard let r = row.range(of: needle) else { return nil }
            return DisplayWidth.of(String(row[..<r.lowerBound]))
        }
        // Both rows end their value column at the same terminal column.
        let cjkValueEnd = cjk.flatMap { columnOf("0.012", in: $0) }.map { $0 + 5 }
        let asciiValueEnd = ascii.flatMap { columnOf("2.4", in: $0) }.map { $0 + 3 }
        #expect(cjkValueEnd != nil)
        #expect(cjkValueEnd == asciiValueEnd)
    }
}
