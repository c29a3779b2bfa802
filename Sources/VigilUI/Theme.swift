/// Maps colour roles to colours. Every role always has a colour: a theme
/// file that leaves a role out inherits it from the built-in dark theme.
public struct Theme: Sendable, Hashable {
    public var name: String
    public var colors: [ColorRole: ColorSpec]

    public init(name: String, colors: [ColorRole: ColorSpec]) {
        self.name = name
        var all = colors
        for role in ColorRole.allCases where all[role] == nil {
            all[role] = Theme.darkColors[role] ?? .terminalDefault
        }
        self.colors = all
    }

    public subscript(role: ColorRole) -> ColorSpec {
        colors[role] ?? .terminalDefault
    }

    private static let darkColors: [ColorRole: ColorSpec] = [
        .normal: .terminalDefault, .muted: .indexed(245), .ok: .ansi(2), .warn: .ansi(3),
        .bad: .ansi(9), .accent: .ansi(6), .header: .ansi(12), .border: .indexed(240),
        .selected: .indexed(237), .bar: .indexed(236), .background: .terminalDefault,
    ]

    /// For dark terminal backgrounds; the default.
    public static let dark = Theme(name: "dark", colors: darkColors)

    /// For light terminal backgrounds.
    public static let light = Theme(name: "light", colors: [
        .normal: .terminalDefault, .muted: .indexed(242), .ok: .indexed(28), .warn: .indexed(130),
        .bad: .indexed(160), .accent: .indexed(25), .header: .indexed(18), .border: .indexed(250),
        .selected: .indexed(153), .bar: .indexed(254), .background: .terminalDefault,
    ])

    /// Strong contrast for bright rooms, projectors and low vision.
    public static let highContrast = Theme(name: "high-contrast", colors: [
        .normal: .ansi(15), .muted: .ansi(7), .ok: .ansi(10), .warn: .ansi(11), .bad: .ansi(9),
        .accent: .ansi(14), .header: .ansi(15), .border: .ansi(15), .selected: .ansi(4),
        .bar: .ansi(0), .background: .ansi(0),
    ])

    /// No colour at all: meaning comes from words, symbols, bold and reverse
    /// video, as it does under NO_COLOR.
    public static let monochrome = Theme(name: "monochrome", colors: Dictionary(
        uniqueKeysWithValues: ColorRole.allCases.map { ($0, ColorSpec.terminalDefault) }))

    /// Themes that need no file.
    public static let builtIn: [Theme] = [.dark, .light, .highContrast, .monochrome]
}
