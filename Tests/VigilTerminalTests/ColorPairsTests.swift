import Foundation
import Testing
@testable import VigilTerminal
import VigilUI

/// Colour fallback: 256 colours, then 8, then none (NO_COLOR or a
/// monochrome terminal), where reverse video keeps highlights visible.
@Suite struct ColorPairsTests {
    /// Resolves `style` and records the pairs the terminal was asked for.
    struct Recorder {
        var pairs: ColorPairs
        var defined: [[Int16]] = []
        var accept = true

        init(colors: Int, theme: Theme = .dark, pairLimit: Int = 256, defaultColorsWork: Bool = true) {
            pairs = ColorPairs(colors: colors, defaultColorsWork: defaultColorsWork, pairLimit: pairLimit, theme: theme)
        }

        mutating func resolve(_ style: Style) -> CellPaint {
            var defined = self.defined
            let accept = self.accept
            let paint = pairs.resolve(style) { p, fg, bg in
                if accept { defined.append([p, fg, bg]) }
                return accept
            }
            self.defined = defined
            return paint
        }
    }

    @Test func twoHundredFiftySixColoursUseThePaletteIndexAsIs() {
        var r = Recorder(colors: 256)
        let paint = r.resolve(Style(fg: .muted))
        #expect(paint == CellPaint(attributes: [], pair: 1))
        #expect(r.defined == [[1, 245, -1]]) // muted is indexed(245) on the default background
        #expect(r.resolve(Style(fg: .muted)).pair == 1)
        #expect(r.defined.count == 1) // one pair per colour combination
    }

    @Test func eightColoursMapIndexedColoursIntoTheFirstEight() throws {
        var r = Recorder(colors: 8, theme: .light)
        _ = r.resolve(Style(fg: .warn)) // indexed(130), a brown
        let pair = try #require(r.defined.first)
        #expect((0..<8).contains(pair[1]))
        #expect(pair[2] == -1)
    }

    /// 8 colours have no greys: a grey rule or muted text would land on
    /// black (or white), which may be the background itself. They take the
    /// terminal's own foreground, dimmed when dark.
    @Test func greyForegroundsOnEightColoursUseTheTerminalsForeground() {
        var r = Recorder(colors: 8)
        #expect(r.resolve(Style(fg: .border)) == CellPaint(attributes: [.dim], pair: 0))
        #expect(r.resolve(Style(fg: .muted)) == CellPaint(attributes: [.dim], pair: 0))
        #expect(r.defined.isEmpty)
    }

    static let themeFiles: [String] = {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { dir.appendingPathComponent($0).path }
    }()

    /// Every theme in themes/, with 8 colours and with none (NO_COLOR): no
    /// role is drawn in its own background's colour, rules and muted text
    /// are never black or white on the terminal's background (one of the two
    /// is that background), and highlighted rows and bars stand out.
    @Test func everyThemeFileStaysVisibleOnEightColoursAndWithout() throws {
        #expect(Self.themeFiles.count >= 4, "themes/ not found")
        for path in Self.themeFiles {
            let theme = try Theme.parse(String(contentsOfFile: path, encoding: .utf8), name: path)
            for colors in [8, 0] {
                var r = Recorder(colors: colors, theme: theme)
                for bg in [ColorRole.background, .bar, .selected] {
                    for fg in ColorRole.allCases {
                        var defined: [[Int16]] = []
                        let paint = r.pairs.resolve(Style(fg: fg, bg: bg)) { p, f, b in defined.append([p, f, b]); return true }
                        let where_ = "\(path) \(colors) colours, \(fg) on \(bg)"
                        if let pair = defined.first {
                            #expect(pair[1] != pair[2] || pair[1] < 0, "\(where_): colour on itself")
                            if pair[2] < 0 && [.border, .muted].contains(fg) {
                                #expect(pair[1] != 0 && pair[1] != 7, "\(where_): black or white on the terminal background")
                            }
                        }
                        let index = theme[bg].paletteIndex(colors: colors)
                        if bg != .background && (index == theme[.background].paletteIndex(colors: colors)
                                                  || (colors < 16 && (index == 0 || index == 7))) {
                            #expect(paint.attributes.contains(.reverse), "\(where_): highlight invisible")
                        }
                    }
                }
            }
        }
    }

    @Test func blackBackgroundOnEightColoursBecomesReverseVideo() {
        // high-contrast's bar is ansi(0): invisible as a background on 8 colours.
        var r = Recorder(colors: 8, theme: .highContrast)
        let paint = r.resolve(Style(fg: .normal, bg: .bar))
        #expect(paint.attributes.contains(.reverse))
        var full = Recorder(colors: 256, theme: .highContrast)
        #expect(full.resolve(Style(fg: .normal, bg: .selected)).attributes.contains(.reverse) == false)
    }

    @Test func withoutColoursHighlightsAreReverseVideoAndNoPairIsDefined() {
        var r = Recorder(colors: 0)
        let selected = r.resolve(Style(fg: .normal, bg: .selected, bold: true))
        #expect(selected == CellPaint(attributes: [.bold, .reverse], pair: 0))
        // An explicitly reversed cell on a highlight flips back to normal.
        #expect(r.resolve(Style(bg: .bar, reverse: true)).attributes == [])
        #expect(r.resolve(Style(fg: .bad, dim: true, underline: true)) == CellPaint(attributes: [.dim, .underline], pair: 0))
        #expect(r.defined.isEmpty)
    }

    @Test func backgroundThatEqualsTheScreensIsReversedSoItShows() {
        // monochrome maps every role to the terminal default.
        var r = Recorder(colors: 256, theme: .monochrome)
        #expect(r.resolve(Style(bg: .selected)) == CellPaint(attributes: [.reverse], pair: 0))
    }

    @Test func withoutDefaultColoursDefaultMeansWhiteOnBlack() {
        var r = Recorder(colors: 256, defaultColorsWork: false)
        _ = r.resolve(Style(fg: .normal))
        #expect(r.defined == [[1, 7, 0]])
    }

    @Test func runningOutOfPairsFallsBackToTheDefaultPair() {
        var r = Recorder(colors: 256, pairLimit: 2)
        #expect(r.resolve(Style(fg: .ok)).pair == 1)
        #expect(r.resolve(Style(fg: .bad)).pair == 0)
        var refused = Recorder(colors: 256)
        refused.accept = false
        #expect(refused.resolve(Style(fg: .ok)).pair == 0)
    }

    @Test func aNewThemeResolvesAgain() {
        var r = Recorder(colors: 256)
        let dark = r.resolve(Style(fg: .ok))
        r.pairs.use(.light)
        let light = r.resolve(Style(fg: .ok))
        #expect(dark.pair != light.pair)
        #expect(r.defined.map { $0[1] } == [2, 28])
    }

    @Test func noColorTurnsColourOffOnlyWhenSetAndNotEmpty() {
        func colors(hasColors: Bool = true, noColor: String?, starts: Bool = true) -> Int {
            ColorSupport.usableColors(hasColors: hasColors, noColor: noColor,
                                      startColor: { starts }, terminalColors: { 256 })
        }
        #expect(colors(noColor: nil) == 256)
        #expect(colors(noColor: "") == 256)
        #expect(colors(noColor: "1") == 0)
        #expect(colors(hasColors: false, noColor: nil) == 0)
        #expect(colors(noColor: nil, starts: false) == 0)
    }

    @Test func theLoopPaintsWithTheTerminalsColourCount() throws {
        let terminal = ScriptedTerminal(width: 80, height: 24, colors: 0)
        let app = TerminalApp(backend: terminal, theme: .dark, initial: DashboardModel(),
                              themeSearchPaths: [], clock: { 0 })
        app.start()
        #expect(terminal.definedPairs.isEmpty)
        #expect(terminal.paints.joined().contains { $0.attributes.contains(.reverse) }) // the status bar
    }
}
