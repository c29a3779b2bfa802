/// One row of the key table: the keys, the screens where they act, what
/// help says about them, and what each key does. The reducer, the help
/// screen and docs/keys.md all read `KeyMap`, so a key cannot do one thing
/// and be documented as another.
public struct KeyBinding: Sendable, Hashable {
    /// The keys as help and docs show them ("↑ / ↓, k / j").
    public let keys: String
    /// What they do, in help's words.
    public let help: String
    /// Where the keys act; nil: on every screen.
    let screens: Set<ScreenKind>?
    /// Which keys do what; one row may hold opposites (up and down).
    let acts: [KeyAct]

    /// `label` overrides the one made from the acts' listed keys.
    init(_ help: String, on screens: Set<ScreenKind>? = nil, label: String? = nil, _ acts: KeyAct...) {
        self.help = help
        self.screens = screens
        self.acts = acts
        self.keys = label ?? KeyBinding.label(acts)
    }

    /// Whether the binding acts on `screen`.
    func acts(on screen: Screen) -> Bool {
        screens.map { $0.contains(screen.kind) } ?? true
    }

    /// What `key` does under this binding, if it is one of its keys.
    func action(for key: Key) -> KeyAction? {
        acts.first { $0.keys.contains(key) || $0.unlisted.contains(key) }?.action
    }

    /// Column by column: the first listed key of each act, then the second…
    /// ("↑ / ↓, k / j" for up/k and down/j; "q, Ctrl-C" for one act).
    static func label(_ acts: [KeyAct]) -> String {
        let columns = acts.map(\.keys.count).max() ?? 0
        return (0..<columns).map { i in
            acts.compactMap { i < $0.keys.count ? $0.keys[i].name : nil }.joined(separator: " / ")
        }.joined(separator: ", ")
    }
}

/// Keys that share one action. `unlisted` keys act the same but help does
/// not name them (`=` for `+`, Shift-Tab for Tab).
struct KeyAct: Sendable, Hashable {
    var keys: [Key]
    var unlisted: [Key]
    var action: KeyAction
}

/// `act(.up, .char("k"), does: .select(by: -1))`.
func act(_ keys: Key..., unlisted: [Key] = [], does action: KeyAction) -> KeyAct {
    KeyAct(keys: keys, unlisted: unlisted, action: action)
}

/// What the reducer does for a key in normal input mode.
enum KeyAction: Sendable, Hashable {
    /// Quit (asking first while an action runs).
    case quit
    /// Open a screen on top of the current one (help, ledger, sources).
    case show(Screen)
    /// Back to the previous screen, or clear the filter on the first.
    case back
    /// Start typing a filter (`/`) or a command (`:`).
    case type(InputMode)
    /// A command that only a replay can carry out.
    case replay(Command)
    /// Confirm, reject or snooze the proposal shown or selected.
    case decide(Reducer.Verdict)
    /// Take back the rejection just made.
    case undo
    /// On the details screen: pick ranked response `n` for `y`.
    case pickResponse(Int)
    /// Move the overview's selection; `Int.min / 2` and `Int.max / 2` go to the ends.
    case select(by: Int)
    case toggleFocus
    /// Open the selected proposal or signal.
    case openSelected
    /// Scroll a document screen by lines.
    case scroll(by: Int)
    case scrollToTop
    case scrollToBottom
    /// Edit the line typed after `:` or `/` (see `KeyMap.lineEditing`).
    case edit(LineEdit)
}

/// What a key does to the line typed after `:` or `/`.
enum LineEdit: Sendable, Hashable {
    /// Enter: run the command, or keep the filter.
    case accept
    /// Esc: leave, dropping the line.
    case cancel
    /// Delete the last character; on an empty line, leave.
    case deleteCharacter
    case deleteLine
    case deleteWord
    /// Tab / Shift-Tab: complete, or step through the candidates.
    case complete(by: Int)
    /// ↑ / ↓: step through the commands run before.
    case history(by: Int)
}

/// Screens without their arguments, for saying where a key acts.
enum ScreenKind: Sendable, Hashable, CaseIterable {
    case fleet, overview, proposal, signal, ledger, sources, help, messages
}

extension Screen {
    var kind: ScreenKind {
        switch self {
        case .fleet: return .fleet
        case .overview: return .overview
        case .proposal: return .proposal
        case .signal: return .signal
        case .ledger: return .ledger
        case .sources: return .sources
        case .help: return .help
        case .messages: return .messages
        }
    }
}

extension Key {
    /// The key's name in help and docs.
    var name: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .resize: return "resize"
        case .ctrlC: return "Ctrl-C"
        case .ctrlU: return "Ctrl-U"
        case .ctrlW: return "Ctrl-W"
        case .click(_, let open): return open ? "double click" : "click"
        case .wheel: return "wheel"
        }
    }
}
