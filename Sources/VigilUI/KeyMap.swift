/// Every key of the dashboard, once: the reducer looks keys up here, the
/// help screen draws these rows, and docs/keys.md is generated from them
/// (Tests/VigilUITests/KeysDocTests.swift).
public enum KeyMap {
    /// Keys that act on every screen, in help's order.
    public static let global: [KeyBinding] = [
        KeyBinding("help for this screen", act(.char("?"), does: .show(.help))),
        KeyBinding("back to the previous screen (on the overview: clear the filter)", act(.escape, does: .back)),
        KeyBinding("filter signals and proposals (Enter keeps, Esc clears)", act(.char("/"), does: .type(.filter))),
        KeyBinding("command line: " + CommandLine.usages.joined(separator: ", "), act(.char(":"), does: .type(.command))),
        KeyBinding("ledger: timeline and decisions", act(.char("l"), does: .show(.ledger))),
        KeyBinding("health of the input sources: lines, records, bad lines, lag", act(.char("h"), does: .show(.sources))),
        KeyBinding("messages: every answer and notice of this session, newest first",
                   act(.char("m"), does: .show(.messages))),
        KeyBinding("pause or resume the replay (replay only)", act(.char(" "), does: .replay(.togglePause))),
        KeyBinding("step: pause and play the next moment of the recording (replay only)",
                   act(.char("."), does: .replay(.step))),
        KeyBinding("replay faster / slower (replay only)",
                   act(.char("+"), unlisted: [.char("=")], does: .replay(.faster)),
                   act(.char("-"), unlisted: [.char("_")], does: .replay(.slower))),
        KeyBinding("seek the replay back / forward 60 s of event time (replay only)",
                   act(.left, does: .replay(.seek(seconds: -Reducer.seekStep))),
                   act(.right, does: .replay(.seek(seconds: Reducer.seekStep)))),
        KeyBinding("quit; while a confirmed action is still running, q asks first (press q again within 3 s to quit anyway)",
                   act(.char("q"), .ctrlC, does: .quit)),
    ]

    /// Keys that act on some screens only. In help's order: filtered by
    /// screen, this is each screen's list (overview: selection, then
    /// decisions; proposal: decisions, then scrolling).
    /// y, n and s (and `:snooze`) are refused within
    /// `ViewState.confirmGuardMillis` of the proposal appearing or the screen
    /// changing; all are disabled with --read-only.
    static let screenBindings: [KeyBinding] = [
        KeyBinding("select the previous / next deployment", on: [.fleet],
                   act(.up, .char("k"), does: .select(by: -1)),
                   act(.down, .char("j"), does: .select(by: 1))),
        KeyBinding("select the first / last deployment", on: [.fleet], label: "g / G",
                   act(.char("g"), unlisted: [.home], does: .select(by: Int.min / 2)),
                   act(.char("G"), unlisted: [.end], does: .select(by: Int.max / 2))),
        KeyBinding("open the selected deployment's screen (Esc comes back here)", on: [.fleet],
                   act(.enter, does: .openSelected)),

        KeyBinding("select the previous / next proposal (or signal)", on: [.overview],
                   act(.up, .char("k"), does: .select(by: -1)),
                   act(.down, .char("j"), does: .select(by: 1))),
        KeyBinding("move the selection by 10 / to the top or bottom", on: [.overview], label: "PgUp / PgDn, g / G",
                   act(.pageUp, does: .select(by: -10)),
                   act(.pageDown, does: .select(by: 10)),
                   act(.char("g"), unlisted: [.home], does: .select(by: Int.min / 2)),
                   act(.char("G"), unlisted: [.end], does: .select(by: Int.max / 2))),
        KeyBinding("move the selection between the proposals queue and the signal panels", on: [.overview],
                   act(.tab, unlisted: [.backTab], does: .toggleFocus)),
        KeyBinding("details of the selected proposal (or signal)", on: [.overview], act(.enter, does: .openSelected)),

        KeyBinding("confirm the highlighted proposal, or the response picked with 1–9; retries a failed action",
                   on: decisionScreens, act(.char("y"), does: .decide(.confirm))),
        KeyBinding("reject the highlighted proposal (u undoes it for 5 s)", on: decisionScreens,
                   act(.char("n"), does: .decide(.reject))),
        KeyBinding("snooze it for 10 minutes, countdowns paused (:snooze 30m for longer)",
                   on: decisionScreens, act(.char("s"), does: .decide(.snooze))),
        KeyBinding("undo the rejection just made", on: decisionScreens, act(.char("u"), does: .undo)),
        KeyBinding("pick a ranked response by its number; y then confirms it",
                   on: [.proposal], label: "1 … 9",
                   act(.char("1"), does: .pickResponse(1)), act(unlisted: [.char("2")], does: .pickResponse(2)),
                   act(unlisted: [.char("3")], does: .pickResponse(3)), act(unlisted: [.char("4")], does: .pickResponse(4)),
                   act(unlisted: [.char("5")], does: .pickResponse(5)), act(unlisted: [.char("6")], does: .pickResponse(6)),
                   act(unlisted: [.char("7")], does: .pickResponse(7)), act(unlisted: [.char("8")], does: .pickResponse(8)),
                   act(unlisted: [.char("9")], does: .pickResponse(9))),

        KeyBinding("scroll one line", on: scrollingScreens,
                   act(.up, .char("k"), does: .scroll(by: -1)),
                   act(.down, .char("j"), does: .scroll(by: 1))),
        KeyBinding("scroll one page", on: scrollingScreens,
                   act(.pageUp, does: .scroll(by: -10)),
                   act(.pageDown, does: .scroll(by: 10))),
        KeyBinding("top / bottom", on: scrollingScreens,
                   act(.home, .char("g"), does: .scrollToTop),
                   act(.end, .char("G"), does: .scrollToBottom)),
    ]

    static let decisionScreens: Set<ScreenKind> = [.overview, .proposal]
    static let scrollingScreens: Set<ScreenKind> = [.proposal, .signal, .ledger, .sources, .help, .messages]

    /// The keys specific to a screen, followed by the global ones.
    public static func bindings(for screen: Screen) -> [KeyBinding] {
        specific(to: screen) + global
    }

    public static func specific(to screen: Screen) -> [KeyBinding] {
        screenBindings.filter { $0.acts(on: screen) }
    }

    /// What `key` does on `screen` in normal input mode; nil: nothing.
    static func action(for key: Key, on screen: Screen) -> KeyAction? {
        for b in global { if let a = b.action(for: key) { return a } }
        for b in screenBindings where b.acts(on: screen) { if let a = b.action(for: key) { return a } }
        return nil
    }

    /// Every screen, in the order docs/keys.md lists them.
    public static let screens: [Screen] = [
        .fleet, .overview, .proposal("P1"), .signal(SignalID(signal: "s", group: "g", scope: .all)), .ledger, .sources,
        .help, .messages,
    ]

    /// Screen names as help and docs title them.
    public static func title(of screen: Screen) -> String {
        switch screen {
        case .fleet: return "Fleet"
        case .overview: return "Overview"
        case .proposal: return "Proposal details"
        case .signal: return "Signal details"
        case .ledger: return "Ledger"
        case .sources: return "Sources"
        case .help: return "Help"
        case .messages: return "Messages"
        }
    }
}

extension KeyMap {
    /// What the mouse does (off with `--no-mouse`), for help and docs; the
    /// reducer's `click` and `wheel` carry it out.
    public static let mouse: [(keys: String, help: String)] = [
        ("click", "select the proposal or signal under the pointer"),
        ("double click", "select it and open its details"),
        ("wheel", "scroll a document screen; on the overview, move the selection"),
    ]

    /// Keys while typing after `:` or `/`; every other key is text.
    public static let lineEditing: [KeyBinding] = [
        KeyBinding("run the command, or keep the filter", act(.enter, does: .edit(.accept))),
        KeyBinding("leave without running (after `/`: clear the filter)", act(.escape, .ctrlC, does: .edit(.cancel))),
        KeyBinding("delete the last character (on an empty line: leave)",
                   act(.backspace, unlisted: [.delete], does: .edit(.deleteCharacter))),
        KeyBinding("delete the whole line", act(.ctrlU, does: .edit(.deleteLine))),
        KeyBinding("delete the last word", act(.ctrlW, does: .edit(.deleteWord))),
        KeyBinding("complete the command or its argument (theme, deployment, signal, proposal); "
                   + "pressed again: the next / previous candidate",
                   act(.tab, does: .edit(.complete(by: 1))), act(.backTab, does: .edit(.complete(by: -1)))),
        KeyBinding("the previous / next command run (command line only)",
                   act(.up, does: .edit(.history(by: -1))), act(.down, does: .edit(.history(by: 1)))),
    ]

    /// What `key` does to the line being typed; nil: the key is text (or nothing).
    static func lineEdit(for key: Key) -> LineEdit? {
        for b in lineEditing {
            if case .edit(let e)? = b.action(for: key) { return e }
        }
        return nil
    }
}
