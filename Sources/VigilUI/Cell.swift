/// One terminal column of one row.
///
/// `text` holds exactly one grapheme that is safe to print, or is empty for
/// the right half of a wide (two-column) character, so a canvas row always
/// has one cell per terminal column and backends can copy it 1:1.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var style: Style

    public init(text: String = " ", style: Style = .plain) {
        self.text = text; self.style = style
    }

    /// A space in the plain style.
    public static let blank = Cell()

    /// True for the right half of a wide character: backends skip it.
    public var isContinuation: Bool { text.isEmpty }
}
