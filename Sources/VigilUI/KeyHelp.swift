/// One line of help: the keys and what they do.
public struct KeyBinding: Sendable, Hashable {
    public var keys: String
    public var action: String
    public init(_ keys: String, _ action: String) { self.keys = keys; self.action = action }
}

/// The keys of each screen, in one table that the help screen draws and
/// docs/keys.md mirrors (a test keeps them in step), so help never lies.
public enum KeyHelp {
    public static let global: [KeyBinding] = [
        KeyBinding("?", "help for this screen"),
        KeyBinding("Esc", "back to the previous screen (on the overview: clear the filter)"),
        KeyBinding("/", "filter signals and proposals (Enter keeps, Esc clears)"),
        KeyBinding(":", "command line: :theme NAME, :speed N, :seek ±N[s/m/h], :pause, :filter TEXT, :ledger, :sources, :help, :quit"),
        KeyBinding("l", "ledger: timeline and decisions"),
        KeyBinding("h", "health of the input sources: lines, records, bad lines, lag"),
        KeyBinding("Space", "pause or resume the replay (replay only)"),
        KeyBinding(".", "step: pause and play the next moment of the recording (replay only)"),
        KeyBinding("+ / -", "replay faster / slower (replay only)"),
        KeyBinding("← / →", "seek the replay back / forward 60 s of event time (replay only)"),
        KeyBinding("q, Ctrl-C", "quit; while a confirmed action is still running, q asks first (press q again within 3 s to quit anyway)"),
    ]

    static let decisions: [KeyBinding] = [
        KeyBinding("y", "confirm the proposal (ignored until it has been visible for 0.5 s; disabled with --read-only)"),
        KeyBinding("n", "reject the proposal (disabled with --read-only)"),
        KeyBinding("s", "snooze the proposal (disabled with --read-only)"),
    ]

    static let scrolling: [KeyBinding] = [
        KeyBinding("↑ / ↓, k / j", "scroll one line"),
        KeyBinding("PgUp / PgDn", "scroll one page"),
        KeyBinding("Home / End, g / G", "top / bottom"),
    ]

    /// The keys specific to a screen, followed by the global ones.
    public static func bindings(for screen: Screen) -> [KeyBinding] {
        specific(to: screen) + global
    }

    public static func specific(to screen: Screen) -> [KeyBinding] {
        switch screen {
        case .overview:
            return [
                KeyBinding("↑ / ↓, k / j", "select the previous / next proposal (or signal)"),
                KeyBinding("PgUp / PgDn, g / G", "move the selection by 10 / to the top or bottom"),
                KeyBinding("Tab", "move the selection between the proposals queue and the signal panels"),
                KeyBinding("Enter", "details of the selected proposal (or signal)"),
            ] + decisions
        case .proposal:
            return decisions + scrolling
        case .signal, .ledger, .sources, .help:
            return scrolling
        }
    }

    /// Screen names as help and docs title them.
    public static func title(of screen: Screen) -> String {
        switch screen {
        case .overview: return "Overview"
        case .proposal: return "Proposal details"
        case .signal: return "Signal details"
        case .ledger: return "Ledger"
        case .sources: return "Sources"
        case .help: return "Help"
        }
    }
}
