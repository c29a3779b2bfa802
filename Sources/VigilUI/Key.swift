/// A key press, decoded by the terminal backend. Pure so that the reducer can
/// be tested without a terminal.
public enum Key: Sendable, Hashable {
    case char(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, backspace, delete, tab, backTab
    /// The terminal changed size.
    case resize
    /// Ctrl-C arriving as a key (raw mode); treated like `q`.
    case ctrlC
    /// Line editing while typing after `:` or `/`: clear the line, delete a word.
    case ctrlU, ctrlW
    /// A mouse click on a row the frame marked; `open`: a double click.
    case click(HitTarget, open: Bool)
    /// The mouse wheel: rows to move, negative up.
    case wheel(Int)
}
