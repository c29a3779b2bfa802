/// Where typed characters go.
public enum InputMode: Sendable, Hashable {
    /// Keys are commands.
    case normal
    /// Typing after `/`: characters edit the filter.
    case filter
    /// Typing after `:`: characters edit the command line.
    case command
}

/// Which list the arrow keys move in on the overview.
public enum Focus: Sendable, Hashable {
    case proposals, signals
}

/// What the operator is looking at, apart from the data: the UI's own state.
/// Pure value; only `reduce` changes it.
public struct ViewState: Sendable, Hashable {
    public var screen: Screen
    /// Screens to return to with Esc, most recent last.
    public var backStack: [Screen]
    public var focus: Focus
    /// The selected proposal, by id, so the selection never jumps to another
    /// proposal when new ones arrive. Nil: the first one in the queue.
    public var selectedProposalID: String?
    /// The selected signal. Nil: the first one shown.
    public var selectedSignal: SignalID?
    /// Case-insensitive text that signals and proposals must contain.
    public var filter: String
    /// The text after `:` while typing a command.
    public var commandLine: String
    public var inputMode: InputMode
    /// Commands run before, for ↑/↓ on the command line.
    public var history = CommandHistory()
    /// The candidates Tab steps through, while it is pressed again and again.
    var completion: LineCompletion?
    /// The theme names `:theme` completes: the built-in ones, and those the
    /// app found in the theme folders.
    public var themeNames: [String] = Theme.builtIn.map(\.name)
    /// When each proposal was first shown, in monotonic milliseconds: `y` is
    /// ignored on a proposal shown for less than `confirmGuardMillis`, so a
    /// key meant for something else cannot confirm a proposal that has just
    /// popped up under the cursor.
    public var proposalFirstSeen: [String: Int64]
    public var themeName: String
    /// The loop's monotonic milliseconds at the latest key, model or tick:
    /// the time messages are stamped with and expire by.
    public var now: Int64 = 0
    /// Answers to keys and the app's notices; the message row shows the
    /// newest for a few seconds, the messages screen all of them.
    public var messages = MessageLog()
    /// The notice (and its number) last taken into `messages`.
    private var lastNotice: String?
    private var lastNoticeSerial = 0
    /// First line shown on scrolling screens (details, ledger, help).
    public var scroll: Int
    /// When `q` was pressed while an action was running: a second quit
    /// within `quitConfirmMillis` quits anyway.
    public var quitRequestedAt: Int64?
    /// The deployment the overview shows, opened from the fleet; nil: all.
    public var deployment: String?
    /// The deployment highlighted on the fleet. Nil: the first one.
    public var selectedDeployment: String?
    /// The proposal the decision keys act on, as last seen (`decisionTarget`).
    public var target: String?
    /// When that target or the screen last changed other than by the
    /// operator's own move (a new proposal sorting first, the highlighted one
    /// decided, a screen opened, a filter or command line left): decision
    /// keys within `confirmGuardMillis` of it were typed for what was there
    /// before, and are refused.
    public var targetChangedAt: Int64?
    /// The last rejection from this screen and when, for `u`.
    public var lastRejection: String?
    public var lastRejectionAt: Int64?
    /// On the details screen: the ranked response picked with 1…9 for `y`.
    public var pickedResponse: Int?

    /// How long a proposal must have been visible, and the screen unchanged,
    /// before a decision key acts on it.
    public static let confirmGuardMillis: Int64 = 500
    /// How long after `n` the rejection can be undone with `u` (the desk
    /// keeps to the same five seconds).
    public static let undoMillis: Int64 = 5_000
    /// How long after a refused quit (an action was running) a second `q` quits.
    public static let quitConfirmMillis: Int64 = 3_000

    public init(screen: Screen = .overview, themeName: String = "dark") {
        self.screen = screen
        backStack = []
        focus = .proposals
        selectedProposalID = nil
        selectedSignal = nil
        filter = ""
        commandLine = ""
        inputMode = .normal
        proposalFirstSeen = [:]
        self.themeName = themeName
        scroll = 0
        quitRequestedAt = nil
        deployment = nil
        selectedDeployment = nil
        target = nil
        targetChangedAt = nil
        lastRejection = nil
        lastRejectionAt = nil
        pickedResponse = nil
    }

    /// Records the first-seen time of proposals that are new in `model`.
    /// Call it whenever a new model is shown; `reduce` calls it too, so a
    /// proposal never seen before a key press counts as seen at that key.
    public mutating func observe(_ model: DashboardModel, nowMillis: Int64) {
        now = nowMillis
        for p in model.core.proposals where proposalFirstSeen[p.id] == nil {
            proposalFirstSeen[p.id] = nowMillis
        }
        // With more than one deployment the first screen is the fleet; with
        // one, the overview as ever.
        if screen == .overview, backStack.isEmpty, deployment == nil, Fleet.hasSeveral(model.core) {
            screen = .fleet
        }
        let status = model.status
        if status.notice != lastNotice || status.noticeSerial != lastNoticeSerial {
            lastNotice = status.notice
            lastNoticeSerial = status.noticeSerial
            if let text = status.notice, !text.isEmpty { messages.post(text, kind: .notice, at: nowMillis) }
        }
        noteTarget(in: model, nowMillis: nowMillis)
    }

    /// The deployment the fleet highlights: the selected one if it is still
    /// watched, else the first (most urgent) row.
    public func selectedFleetRow(in model: DashboardModel) -> Int? {
        let rows = Fleet.rows(model.core, filter: filter)
        if let d = selectedDeployment, let i = rows.firstIndex(where: { $0.deployment == d }) { return i }
        return rows.isEmpty ? nil : 0
    }

    /// The clock moved without a key or a model (the loop woke for a
    /// message to expire).
    public mutating func tick(nowMillis: Int64) { now = nowMillis }

    /// The answer to the last key as the message row shows it (refusals,
    /// unknown commands). Setting it posts an answer at `now`; setting nil
    /// (the next key) dismisses earlier answers.
    public var message: String? {
        get { messages.shown(at: now)?.text }
        set {
            if let text = newValue { messages.post(text, kind: .answer, at: now) } else { messages.dismissAnswers() }
        }
    }

    /// Starts the guard when the decision keys' target is now another proposal.
    mutating func noteTarget(in model: DashboardModel, nowMillis: Int64) {
        let current = decisionTarget(in: model)
        if current != target {
            target = current
            targetChangedAt = nowMillis
        }
    }

    /// The proposal y, n and s act on: the one on the details screen, else
    /// the one the queue highlights.
    public func decisionTarget(in model: DashboardModel) -> String? {
        switch screen {
        case .proposal(let id): return id
        case .overview:
            // One deployment's screen acts on that deployment's proposals only.
            let shown = model.scoped(to: deployment)
            return selectedProposal(in: shown).map { ProposalQueue.ordered(shown, filter: filter)[$0].id }
        default: return nil
        }
    }

    /// A copy that has observed `model` (see `observe`).
    public func observing(_ model: DashboardModel, nowMillis: Int64) -> ViewState {
        var v = self
        v.observe(model, nowMillis: nowMillis)
        return v
    }

    /// The proposal the queue highlights: the selected one if it is still
    /// shown, else the first shown.
    public func selectedProposal(in model: DashboardModel) -> Int? {
        let queue = ProposalQueue.ordered(model, filter: filter)
        if let id = selectedProposalID, let i = queue.firstIndex(where: { $0.id == id }) { return i }
        return queue.isEmpty ? nil : 0
    }

    /// The signal the panels highlight when the signals have focus.
    public func selectedSignalID(in model: DashboardModel) -> SignalID? {
        let shown = SignalList.ordered(model, filter: filter)
        if let s = selectedSignal, shown.contains(where: { s.matches($0) }) { return s }
        return shown.first.map(SignalID.init)
    }
}
