import CNcursesw
import VigilUI

/// Turns styles into ncurses attributes and colour pairs for one theme.
///
/// Pairs are allocated on first use per (foreground, background), because
/// terminals have few (64 on 8-colour terminals). When a background role
/// would be invisible (no colours, NO_COLOR, a theme mapping it to the
/// terminal default, or black on an 8-colour terminal) the cell is drawn in
/// reverse video instead, so selection and the status bar never vanish.
struct ColorPairs {
    /// Colours the terminal offers; 0 when colour is off.
    let colors: Int
    let defaultColorsWork: Bool
    private var pairs: [PairKey: Int16] = [:]
    private var nextPair: Int32 = 1
    private var cache: [Style: (attrs: attr_t, pair: Int16)] = [:]
    private(set) var theme: Theme

    private struct PairKey: Hashable { var fg: Int16; var bg: Int16 }

    init(colors: Int, defaultColorsWork: Bool, theme: Theme) {
        self.colors = colors; self.defaultColorsWork = defaultColorsWork; self.theme = theme
    }

    mutating func use(_ theme: Theme) {
        if theme != self.theme { self.theme = theme; cache = [:] }
    }

    mutating func resolve(_ style: Style) -> (attrs: attr_t, pair: Int16) {
        if let hit = cache[style] { return hit }
        var attrs = vigil_a_normal()
        if style.bold { attrs |= vigil_a_bold() }
        if style.dim { attrs |= vigil_a_dim() }
        if style.underline { attrs |= vigil_a_underline() }
        var reverse = style.reverse
        var pair: Int16 = 0
        if colors == 0 {
            if style.bg != .background { reverse.toggle() }
        } else {
            let fg = index(theme[style.fg])
            let screenBG = index(theme[.background])
            var bg = index(theme[style.bg])
            if style.bg != .background {
                let invisible = bg == screenBG || (colors < 16 && bg == 0)
                if invisible { reverse.toggle(); bg = screenBG }
            }
            pair = pairNumber(fg: fg, bg: bg)
        }
        if reverse { attrs |= vigil_a_reverse() }
        cache[style] = (attrs, pair)
        return (attrs, pair)
    }

    /// The palette index for a colour; -1 is the terminal default.
    private func index(_ spec: ColorSpec) -> Int16 {
        guard let i = spec.paletteIndex(colors: colors) else { return defaultColorsWork ? -1 : -2 }
        return Int16(clamping: i)
    }

    private mutating func pairNumber(fg rawFG: Int16, bg rawBG: Int16) -> Int16 {
        // Without use_default_colors, "default" means white on black.
        let fg = rawFG == -2 ? 7 : rawFG
        let bg = rawBG == -2 ? 0 : rawBG
        if fg == -1 && bg == -1 { return 0 }
        let key = PairKey(fg: fg, bg: bg)
        if let p = pairs[key] { return p }
        guard nextPair < min(Int32(vigil_color_pairs()), Int32(Int16.max)) else { return 0 }
        let p = Int16(nextPair)
        guard init_pair(p, fg, bg) == OK else { return 0 }
        nextPair += 1
        pairs[key] = p
        return p
    }
}
