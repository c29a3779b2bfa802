/// Why the dashboard cannot take over this terminal. Each says what to do
/// instead, because the person reading it is often mid-incident.
public enum TerminalError: Error, Sendable, CustomStringConvertible {
    case notATerminal
    case dumbTerminal(term: String)
    case unknownTerminal(term: String)
    case noCursorAddressing(term: String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "standard input and output must be a terminal for the dashboard; use --headless (or pipe the JSON output) instead"
        case .dumbTerminal(let term):
            return "TERM=\(term.isEmpty ? "(unset)" : term) cannot draw a dashboard; set TERM (e.g. xterm-256color) or use --headless"
        case .unknownTerminal(let term):
            return "unknown terminal type TERM=\(term); install its terminfo entry, try TERM=xterm-256color, or use --headless"
        case .noCursorAddressing(let term):
            return "TERM=\(term) cannot move the cursor; use a full-screen terminal or --headless"
        }
    }
}
