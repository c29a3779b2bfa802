/// A meaning a colour carries. Widgets ask for roles, never for colours, so a
/// theme (or NO_COLOR) can change every colour without touching a widget, and
/// so no widget can make meaning depend on colour alone: the words and
/// symbols next to a role carry the meaning too.
public enum ColorRole: String, CaseIterable, Hashable, Sendable {
    /// Ordinary text.
    case normal
    /// Secondary text: units, ages, separators.
    case muted
    /// Healthy values and successful outcomes.
    case ok
    /// Things to look at soon: warming up, breaching, pending.
    case warn
    /// Things to act on now: failing signals, failed actions.
    case bad
    /// Keys and emphasis.
    case accent
    /// Panel titles.
    case header
    /// Panel rules and separators.
    case border
    /// Background of the selected row.
    case selected
    /// Background of the status bar.
    case bar
    /// The screen's background; themes usually map it to the terminal default.
    case background
}

/// How one cell looks: two colour roles and four attributes.
public struct Style: Hashable, Sendable {
    public var fg: ColorRole
    public var bg: ColorRole
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(fg: ColorRole = .normal, bg: ColorRole = .background, bold: Bool = false,
                dim: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.fg = fg; self.bg = bg; self.bold = bold; self.dim = dim
        self.reverse = reverse; self.underline = underline
    }

    /// Normal text on the background.
    public static let plain = Style()

    /// A copy with a different foreground role.
    public func foreground(_ role: ColorRole) -> Style {
        var s = self; s.fg = role; return s
    }

    /// A copy with a different background role.
    public func background(_ role: ColorRole) -> Style {
        var s = self; s.bg = role; return s
    }

    /// A copy in bold.
    public var emphasized: Style {
        var s = self; s.bold = true; return s
    }
}
