/// A colour as a theme file names it, before it meets a terminal.
public enum ColorSpec: Sendable, Hashable, CustomStringConvertible {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// One of the 16 ANSI colours (0 black … 7 white, 8–15 bright).
    case ansi(Int)
    /// An entry of the xterm 256-colour palette.
    case indexed(Int)
    case rgb(red: Int, green: Int, blue: Int)

    static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses `default`, an ANSI name (`red`, `bright-red`, `gray`), a palette
    /// index `0`–`255`, or `#rrggbb`.
    public init?(parsing text: String) {
        let t = text.lowercased().filter { $0 != " " && $0 != "_" }
        if t == "default" || t == "none" || t == "terminal" { self = .terminalDefault; return }
        if t == "gray" || t == "grey" { self = .ansi(8); return }
        if let i = Self.ansiNames.firstIndex(of: t) { self = .ansi(i); return }
        for prefix in ["bright-", "bright", "light-"] where t.hasPrefix(prefix) {
            if let i = Self.ansiNames.firstIndex(of: String(t.dropFirst(prefix.count))) {
                self = .ansi(i + 8); return
            }
        }
        if t.hasPrefix("#"), t.count == 7, let v = Int(t.dropFirst(), radix: 16) {
            self = .rgb(red: (v >> 16) & 0xFF, green: (v >> 8) & 0xFF, blue: v & 0xFF); return
        }
        let digits = t.hasPrefix("color") ? String(t.dropFirst(5)) : t
        if let i = Int(digits), (0...255).contains(i) { self = i < 16 ? .ansi(i) : .indexed(i); return }
        return nil
    }

    public var description: String {
        switch self {
        case .terminalDefault: return "default"
        case .ansi(let i): return i < 8 ? Self.ansiNames[i] : "bright-" + Self.ansiNames[i - 8]
        case .indexed(let i): return String(i)
        case .rgb(let r, let g, let b):
            return "#" + [r, g, b].map { v in
                let h = String(v, radix: 16); return h.count == 1 ? "0" + h : h
            }.joined()
        }
    }

    /// The brightness (0–255) of a grey, black or white; nil for a hue or
    /// the terminal default. Terminals with 8 colours have no greys: a
    /// grey foreground there would land on black or white, which can be the
    /// background itself (rules drawn black on black), so backends draw it
    /// in the terminal's own foreground instead.
    public var greyLevel: Int? {
        let (r, g, b): (Int, Int, Int)
        switch self {
        case .terminalDefault: return nil
        case .ansi(let i): (r, g, b) = Palette.rgb(ofIndex: min(max(i, 0), 15))
        case .indexed(let i): (r, g, b) = Palette.rgb(ofIndex: i)
        case .rgb(let red, let green, let blue): (r, g, b) = (red, green, blue)
        }
        return max(r, g, b) - min(r, g, b) < 32 ? (r + g + b) / 3 : nil
    }

    /// The palette index to use on a terminal with `colors` colours (8, 16,
    /// 88, 256 or more), or nil for the terminal default. `#rrggbb` becomes
    /// the nearest palette colour; on 8-colour terminals bright colours fall
    /// back to their normal counterparts.
    public func paletteIndex(colors: Int) -> Int? {
        switch self {
        case .terminalDefault: return nil
        case .ansi(let i):
            return colors >= 16 ? i : i % 8
        case .indexed(let i):
            if colors >= 256 { return i }
            let (r, g, b) = Palette.rgb(ofIndex: i)
            return Palette.nearest(r, g, b, colors: colors)
        case .rgb(let r, let g, let b):
            return Palette.nearest(r, g, b, colors: colors)
        }
    }
}

/// The xterm palette, to map `#rrggbb` to the nearest available colour.
public enum Palette {
    /// The usual xterm values of the 16 ANSI colours.
    static let ansi: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
        (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0),
        (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// The RGB value of a 256-colour palette entry.
    public static func rgb(ofIndex i: Int) -> (Int, Int, Int) {
        switch i {
        case ..<0: return ansi[0]
        case 0..<16: return ansi[i]
        case 16..<232:
            let c = i - 16
            return (cubeLevels[c / 36], cubeLevels[(c / 6) % 6], cubeLevels[c % 6])
        default:
            let v = 8 + 10 * (min(i, 255) - 232)
            return (v, v, v)
        }
    }

    /// The nearest palette index to an RGB colour on a terminal with
    /// `colors` colours. With 256 or more, the 6×6×6 cube and the grey ramp
    /// are searched (not the 16 ANSI colours, which users often redefine);
    /// with fewer, the 8 or 16 ANSI colours.
    public static func nearest(_ r: Int, _ g: Int, _ b: Int, colors: Int) -> Int {
        // With 8 colours a grey would land on some hue (a mid grey is
        // "nearest" to yellow, which means warn): use white or black instead.
        if colors < 16 && max(r, g, b) - min(r, g, b) < 32 {
            return (r + g + b) / 3 >= 100 ? 7 : 0
        }
        let candidates: Range<Int> = colors >= 256 ? 16..<256 : 0..<(colors >= 16 ? 16 : 8)
        var best = candidates.lowerBound
        var bestDistance = Int.max
        for i in candidates {
            let (pr, pg, pb) = rgb(ofIndex: i)
            // Weighted distance: the eye is most sensitive to green, least to blue.
            let d = 3 * (pr - r) * (pr - r) + 4 * (pg - g) * (pg - g) + 2 * (pb - b) * (pb - b)
            if d < bestDistance { bestDistance = d; best = i }
        }
        return best
    }
}
