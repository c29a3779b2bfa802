import VigilUI

/// How a backend paints one cell: text attributes and a colour pair.
struct CellPaint: Hashable, Sendable {
    var attributes: TextAttributes
    /// The colour pair; 0 is the terminal's default colours.
    var pair: Int16
}

/// Text attributes a backend maps to its own (ncurses' `A_BOLD` …).
struct TextAttributes: OptionSet, Hashable, Sendable {
    let rawValue: UInt8
    static let bold = TextAttributes(rawValue: 1 << 0)
    static let dim = TextAttributes(rawValue: 1 << 1)
    static let underline = TextAttributes(rawValue: 1 << 2)
    static let reverse = TextAttributes(rawValue: 1 << 3)
}

/// Turns styles into attributes and colour pairs for one theme.
///
/// Pairs are allocated on first use per (foreground, background), because
/// terminals have few (64 on 8-colour terminals). When a background role
/// would be invisible (no colours, NO_COLOR, a theme mapping it to the
/// terminal default, or black or white on an 8-colour terminal) the cell is drawn in
/// reverse video instead, so selection and the status bar never vanish.
///
/// Pure: the backend passes the function that defines a pair in the
/// terminal, so the fallback from 256 to 8 colours to none is testable.
struct ColorPairs {
    /// Colours the terminal offers; 0 when colour is off.
    let colors: Int
    let defaultColorsWork: Bool
    /// Pairs the terminal offers (ncurses' COLOR_PAIRS).
    let pairLimit: Int
    private var pairs: [PairKey: Int16] = [:]
    private var nextPair: Int32 = 1
    private var cache: [Style: CellPaint] = [:]
    private(set) var theme: Theme

    private struct PairKey: Hashable { var fg: Int16; var bg: Int16 }

    init(colors: Int, defaultColorsWork: Bool, pairLimit: Int, theme: Theme) {
        self.colors = colors; self.defaultColorsWork = defaultColorsWork
        self.pairLimit = pairLimit; self.theme = theme
    }

    mutating func use(_ theme: Theme) {
        if theme != self.theme { self.theme = theme; cache = [:] }
    }

    /// `define(pair, fg, bg)` tells the terminal about a new pair (-1 is the
    /// terminal default colour) and returns false when it refuses.
    mutating func resolve(_ style: Style, define: (Int16, Int16, Int16) -> Bool) -> CellPaint {
        if let hit = cache[style] { return hit }
        var attrs: TextAttributes = []
        if style.bold { attrs.insert(.bold) }
        if style.dim { attrs.insert(.dim) }
        if style.underline { attrs.insert(.underline) }
        var reverse = style.reverse
        var pair: Int16 = 0
        if colors == 0 {
            if style.bg != .background { reverse.toggle() }
        } else {
            var fg = index(theme[style.fg])
            let screenBG = index(theme[.background])
            var bg = index(theme[style.bg])
            if style.bg != .background {
                // On 8 colours black and white may each be the terminal's
                // own background: a bar in either could vanish.
                let invisible = bg == screenBG || (colors < 16 && (bg == 0 || bg == 7))
                if invisible { reverse.toggle(); bg = screenBG }
            }
            if colors < 16, let grey = theme[style.fg].greyLevel {
                // No greys here: on the terminal's background, the terminal's
                // own foreground (dimmed for dark greys: rules, muted text);
                // on a colour, whichever of black and white shows.
                if bg < 0 {
                    fg = bg
                    if grey < 160 && grey > 0 { attrs.insert(.dim) }
                } else {
                    fg = Self.isDark(bg) ? 7 : 0
                }
            }
            // Never a colour on itself.
            if fg == bg && fg >= 0 { fg = Self.isDark(bg) ? 7 : 0 }
            pair = pairNumber(fg: fg, bg: bg, define: define)
        }
        if reverse { attrs.insert(.reverse) }
        let paint = CellPaint(attributes: attrs, pair: pair)
        cache[style] = paint
        return paint
    }

    /// Black, red, blue and magenta (and their bright forms on 16 colours):
    /// white text shows on them.
    static func isDark(_ i: Int16) -> Bool { [0, 1, 4, 5, 8].contains(i) }

    /// The palette index for a colour; -1 is the terminal default.
    private func index(_ spec: ColorSpec) -> Int16 {
        guard let i = spec.paletteIndex(colors: colors) else { return defaultColorsWork ? -1 : -2 }
        return Int16(clamping: i)
    }

    private mutating func pairNumber(fg rawFG: Int16, bg rawBG: Int16,
                                     define: (Int16, Int16, Int16) -> Bool) -> Int16 {
        // Without use_default_colors, "default" means white on black.
        let fg = rawFG == -2 ? 7 : rawFG
        let bg = rawBG == -2 ? 0 : rawBG
        if fg == -1 && bg == -1 { return 0 }
        let key = PairKey(fg: fg, bg: bg)
        if let p = pairs[key] { return p }
        guard nextPair < min(Int32(clamping: pairLimit), Int32(Int16.max)) else { return 0 }
        let p = Int16(nextPair)
        guard define(p, fg, bg) else { return 0 }
        nextPair += 1
        pairs[key] = p
        return p
    }
}

/// Whether the terminal's colours may be used at all.
enum ColorSupport {
    /// NO_COLOR (no-color.org): colour is off when the variable is present
    /// and not empty.
    static func disabled(byNoColor value: String?) -> Bool {
        guard let value else { return false }
        return !value.isEmpty
    }

    /// Colours to draw with: the terminal's count, or 0 when it has none,
    /// NO_COLOR forbids them, or starting colour failed.
    static func usableColors(hasColors: Bool, noColor: String?, startColor: () -> Bool,
                             terminalColors: () -> Int) -> Int {
        guard hasColors, !disabled(byNoColor: noColor), startColor() else { return 0 }
        return terminalColors()
    }
}
