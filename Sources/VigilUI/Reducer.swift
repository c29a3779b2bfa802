import VigilCore
import VigilWording

/// Pure reducer: a key, the current model and a monotonic clock in
/// milliseconds give the next view state and the commands for the app.
///
/// The clock is an argument (not read here) so the half-second confirmation
/// guard is testable to the millisecond.
public func reduce(_ view: ViewState, key: Key, model: DashboardModel,
                   nowMillis: Int64) -> (ViewState, [Command]) {
    var v = view.observing(model, nowMillis: nowMillis)
    if key == .resize { return (v, []) }
    v.message = nil
    let (next, commands): (ViewState, [Command])
    switch v.inputMode {
    case .filter, .command: (next, commands) = Reducer.editLine(v, key, model: model, nowMillis: nowMillis)
    case .normal: (next, commands) = Reducer.normal(v, key, model: model, nowMillis: nowMillis)
    }
    return (Reducer.guardChanges(from: v, to: next, key: key, model: model, nowMillis: nowMillis), commands)
}

/// The reducer's parts: one per input mode, and what each `KeyAction` does.
enum Reducer {
    /// How far ←/→ move a replay, in event seconds.
    static let seekStep = 60.0

    /// After a key: a new screen, a filter or command line just left, or a
    /// target the operator did not move to starts the decision keys' guard.
    /// The operator's own moves (↑/↓, picking a response) do not: those are
    /// read before they are made.
    static func guardChanges(from before: ViewState, to after: ViewState, key: Key, model: DashboardModel,
                             nowMillis: Int64) -> ViewState {
        var v = after
        if v.screen != before.screen { v.pickedResponse = nil }
        var ownMove = false
        if before.inputMode == .normal, before.screen == v.screen, case .select = KeyMap.action(for: key, on: before.screen) {
            ownMove = true
        }
        if ownMove {
            v.target = v.decisionTarget(in: model)
        } else if v.screen != before.screen || (before.inputMode != .normal && v.inputMode == .normal) {
            v.target = v.decisionTarget(in: model)
            v.targetChangedAt = nowMillis
        } else {
            v.noteTarget(in: model, nowMillis: nowMillis)
        }
        return v
    }

    /// Normal input mode: keys act as `KeyMap` says.
    static func normal(_ view: ViewState, _ key: Key, model: DashboardModel,
                       nowMillis: Int64) -> (ViewState, [Command]) {
        switch key {
        case .click(let target, let open): return click(view, target, open: open, model: model, nowMillis: nowMillis)
        case .wheel(let rows): return wheel(view, rows, model: model, nowMillis: nowMillis)
        default: break
        }
        guard let action = KeyMap.action(for: key, on: view.screen) else { return (view, []) }
        // One deployment's screen acts on that deployment's proposals and signals only.
        let shown = view.screen == .overview ? model.scoped(to: view.deployment) : model
        return perform(action, view, model: shown, nowMillis: nowMillis)
    }

    static func perform(_ action: KeyAction, _ view: ViewState, model: DashboardModel,
                        nowMillis: Int64) -> (ViewState, [Command]) {
        var v = view
        switch action {
        case .quit:
            return quit(v, model: model, nowMillis: nowMillis)
        case .show(let screen):
            if v.screen != screen { push(&v, screen) }
        case .back:
            if !v.backStack.isEmpty {
                v.screen = v.backStack.removeLast()
                v.scroll = 0
                if v.screen == .fleet { v.deployment = nil }
            } else if !v.filter.isEmpty {
                v.filter = ""
            }
        case .type(let mode):
            v.inputMode = mode
            v.completion = nil
            if mode == .command { v.commandLine = "" }
        case .replay(let command):
            return replayOnly(v, model, command)
        case .decide(let verdict):
            guard let id = v.decisionTarget(in: model) else {
                v.message = "no proposal to decide"
                return (v, [])
            }
            return decide(v, verdict, proposalID: id, model: model, nowMillis: nowMillis)
        case .undo:
            return undo(v, model: model, nowMillis: nowMillis)
        case .pickResponse(let n):
            guard case .proposal(let id) = v.screen, let p = model.core.proposals.first(where: { $0.id == id }) else {
                return (v, [])
            }
            let responses = p.responses
            guard n <= responses.count else {
                v.message = "\(id) has \(responses.count) response\(responses.count == 1 ? "" : "s") to choose from (1–\(responses.count))"
                return (v, [])
            }
            v.pickedResponse = n
            v.message = "response \(n) picked: \(Wording.summary(responses[n - 1])) — y confirms it, Esc goes back"
        case .select(let delta):
            if v.screen == .fleet { moveOnFleet(&v, by: delta, model: model) } else { move(&v, by: delta, model: model) }
        case .toggleFocus:
            v.focus = v.focus == .proposals ? .signals : .proposals
        case .openSelected where v.screen == .fleet:
            let rows = Fleet.rows(model.core, filter: v.filter)
            guard let i = v.selectedFleetRow(in: model) else { v.message = "no deployment to open"; break }
            v.selectedDeployment = rows[i].deployment
            push(&v, .overview)
            v.deployment = rows[i].deployment
        case .openSelected:
            switch v.focus {
            case .proposals:
                let queue = ProposalQueue.ordered(model, filter: v.filter)
                if let i = v.selectedProposal(in: model) { push(&v, .proposal(queue[i].id)) }
                else { v.message = "no proposal to open" }
            case .signals:
                if let s = v.selectedSignalID(in: model) { push(&v, .signal(s)) }
                else { v.message = "no signal to open" }
            }
        case .scroll(let lines):
            v.scroll = max(0, v.scroll + lines) // the renderer clamps the other end
        case .scrollToTop:
            v.scroll = 0
        case .scrollToBottom:
            v.scroll = Int.max / 2
        case .edit:
            break // only while typing (`editLine`)
        }
        return (v, [])
    }

    /// `q`, Ctrl-C and `:quit`. While a confirmed action is still running,
    /// the first one only asks (quitting then would leave the action's outcome
    /// unrecorded); a second within `quitConfirmMillis` quits.
    static func quit(_ view: ViewState, model: DashboardModel, nowMillis: Int64) -> (ViewState, [Command]) {
        var v = view
        guard model.status.actionInFlight else { return (v, [.quit]) }
        if let asked = v.quitRequestedAt, nowMillis - asked <= ViewState.quitConfirmMillis, nowMillis >= asked {
            return (v, [.quit])
        }
        v.quitRequestedAt = nowMillis
        v.message = "an action is still running — press q again within 3 s to quit anyway"
        return (v, [])
    }

    enum Verdict { case confirm, reject, snooze }

    /// Turns y/n/s (and `:snooze`) into a command, or into a message saying
    /// why not. Every decision key waits out the guard: a key typed within
    /// `confirmGuardMillis` of the proposal appearing or the screen changing
    /// was meant for what was there before.
    static func decide(_ view: ViewState, _ verdict: Verdict, proposalID id: String, snoozeSeconds: Int? = nil,
                       model: DashboardModel, nowMillis: Int64) -> (ViewState, [Command]) {
        var v = view
        let key = verdict == .confirm ? "y" : verdict == .reject ? "n" : "s"
        if model.status.readOnly {
            v.message = "read-only: y/n/s are disabled (started with --read-only)"
            return (v, [])
        }
        guard let p = model.core.proposals.first(where: { $0.id == id }) else {
            v.message = "\(id) is no longer known"
            return (v, [])
        }
        // A failed action may be tried again (y), or another response picked.
        guard p.isOpen || (verdict == .confirm && p.status == .failed) else {
            v.message = "\(id) is \(p.status.rawValue); nothing to decide"
            return (v, [])
        }
        let shownFor = nowMillis - (v.proposalFirstSeen[id] ?? nowMillis)
        if shownFor < ViewState.confirmGuardMillis {
            v.message = "\(id) appeared \(shownFor) ms ago; read it, then press \(key) again"
            return (v, [])
        }
        if let changed = v.targetChangedAt, nowMillis - changed < ViewState.confirmGuardMillis {
            v.message = "the screen changed \(nowMillis - changed) ms ago; check it is \(id) you mean, then press \(key) again"
            return (v, [])
        }
        switch verdict {
        case .confirm:
            if case .proposal(id) = v.screen, let n = v.pickedResponse, n > 1 {
                v.pickedResponse = nil
                return (v, [.choose(proposalID: id, response: n)])
            }
            if p.status == .failed { v.message = "\(id): trying the failed action again" }
            return (v, [.confirm(proposalID: id)])
        case .reject:
            v.lastRejection = id
            v.lastRejectionAt = nowMillis
            v.message = "\(id) rejected — u to undo (\(ViewState.undoMillis / 1000)s)"
            return (v, [.reject(proposalID: id)])
        case .snooze:
            let seconds = snoozeSeconds ?? Int(Decision.defaultSnooze.milliseconds / 1000)
            v.message = "\(id) snoozed for \(Format.age(VigilCore.Duration.seconds(Double(seconds)))); its countdowns pause (:snooze 30m for longer)"
            return (v, [snoozeSeconds.map { .snoozeFor(proposalID: id, seconds: $0) } ?? .snooze(proposalID: id)])
        }
    }

    /// A click selects the proposal or signal under it (and gives its list
    /// the focus); a double click opens it, like Enter.
    static func click(_ view: ViewState, _ target: HitTarget, open: Bool, model: DashboardModel,
                      nowMillis: Int64) -> (ViewState, [Command]) {
        var v = view
        switch target {
        case .proposal(let id):
            v.focus = .proposals
            v.selectedProposalID = id
        case .signal(let id):
            v.focus = .signals
            v.selectedSignal = id
        }
        return open ? perform(.openSelected, v, model: model, nowMillis: nowMillis) : (v, [])
    }

    /// The wheel scrolls a document, and moves the selection on the overview.
    static func wheel(_ view: ViewState, _ rows: Int, model: DashboardModel,
                      nowMillis: Int64) -> (ViewState, [Command]) {
        let action: KeyAction = KeyMap.scrollingScreens.contains(view.screen.kind)
            ? .scroll(by: rows) : .select(by: rows > 0 ? 1 : -1)
        return perform(action, view, model: model, nowMillis: nowMillis)
    }

    /// `u`: takes back the rejection made from this screen moments ago.
    static func undo(_ view: ViewState, model: DashboardModel, nowMillis: Int64) -> (ViewState, [Command]) {
        var v = view
        guard let id = v.lastRejection, let at = v.lastRejectionAt, nowMillis - at <= ViewState.undoMillis,
              model.core.proposals.first(where: { $0.id == id })?.status == .rejected else {
            v.message = "nothing to undo (a rejection can be undone for \(ViewState.undoMillis / 1000)s after n)"
            return (v, [])
        }
        v.lastRejection = nil
        v.lastRejectionAt = nil
        v.message = "\(id): undoing the rejection"
        return (v, [.undo(proposalID: id)])
    }

    static func move(_ v: inout ViewState, by delta: Int, model: DashboardModel) {
        switch v.focus {
        case .proposals:
            let queue = ProposalQueue.ordered(model, filter: v.filter)
            guard let i = v.selectedProposal(in: model) else { return }
            v.selectedProposalID = queue[clamp(i, delta, queue.count)].id
        case .signals:
            let shown = SignalList.ordered(model, filter: v.filter)
            guard let current = v.selectedSignalID(in: model),
                  let i = shown.firstIndex(where: { current.matches($0) }) else { return }
            v.selectedSignal = SignalID(shown[clamp(i, delta, shown.count)])
        }
    }

    static func moveOnFleet(_ v: inout ViewState, by delta: Int, model: DashboardModel) {
        let rows = Fleet.rows(model.core, filter: v.filter)
        guard let i = v.selectedFleetRow(in: model) else { return }
        v.selectedDeployment = rows[clamp(i, delta, rows.count)].deployment
    }

    private static func clamp(_ i: Int, _ delta: Int, _ count: Int) -> Int {
        min(max(0, i + delta), max(0, count - 1))
    }

    static func push(_ v: inout ViewState, _ screen: Screen) {
        v.backStack.append(v.screen)
        v.screen = screen
        v.scroll = 0
    }

    static func replayOnly(_ view: ViewState, _ model: DashboardModel,
                           _ command: Command) -> (ViewState, [Command]) {
        guard model.status.mode.isReplay else {
            var v = view
            v.message = "live mode: pause, step, speed and seek work only in replay"
            return (v, [])
        }
        return (view, [command])
    }

    // MARK: Filter and command line

    /// Typing after `/` or `:`: characters go into the line, and the keys
    /// of `KeyMap.lineEditing` edit it.
    static func editLine(_ view: ViewState, _ key: Key,
                         model: DashboardModel, nowMillis: Int64) -> (ViewState, [Command]) {
        var v = view
        let isCommand = v.inputMode == .command
        var line = isCommand ? v.commandLine : v.filter
        func keep(_ line: String) {
            if isCommand { v.commandLine = line } else { v.filter = line }
        }
        guard let edit = KeyMap.lineEdit(for: key) else {
            if case .char(let c) = key {
                keep(line + String(c))
                v.completion = nil
                v.history.reset()
            }
            return (v, [])
        }
        if case .complete = edit {} else { v.completion = nil }
        switch edit {
        case .accept:
            v.inputMode = .normal
            guard isCommand else { return (v, []) }
            keep("")
            v.history.record(line)
            return CommandLine.execute(line, view: v, model: model, nowMillis: nowMillis)
        case .cancel:
            v.inputMode = .normal
            v.history.reset()
            line = ""
        case .deleteCharacter:
            if line.isEmpty { v.inputMode = .normal } else { line.removeLast() }
        case .deleteLine:
            line = ""
        case .deleteWord:
            // Like a shell: the spaces before the cursor, then the word.
            while line.last == " " { line.removeLast() }
            while let c = line.last, c != " " { line.removeLast() }
        case .complete(let delta):
            line = complete(line, by: delta, &v, model: model)
        case .history(let delta):
            if isCommand, let shown = v.history.step(by: delta, from: line) { line = shown }
        }
        keep(line)
        return (v, [])
    }

    /// Tab: a single candidate replaces the word (a command that takes an
    /// argument gets its space); several extend the word to what they share,
    /// and once it is as long as that, Tab steps through them.
    static func complete(_ line: String, by delta: Int, _ v: inout ViewState, model: DashboardModel) -> String {
        if var c = v.completion, c.line == line, !c.candidates.isEmpty {
            c.index = (c.index + delta % c.candidates.count + c.candidates.count) % c.candidates.count
            v.completion = c
            return c.line
        }
        let (stem, word, words) = LineCompletion.candidates(for: line, mode: v.inputMode, view: v, model: model)
        v.completion = nil
        switch words.count {
        case 0:
            v.message = word.isEmpty ? "nothing to complete" : "nothing starts with \"\(word)\""
            return line
        case 1:
            let takesArgument = v.inputMode == .command && stem.isEmpty
                && (CommandLine.command(named: words[0].lowercased())?.takesArgument ?? false)
            return stem + words[0] + (takesArgument ? " " : "")
        default:
            let shared = LineCompletion.commonPrefix(words)
            if shared.count > word.count { return stem + shared }
            let c = LineCompletion(stem: stem, candidates: words, index: delta > 0 ? 0 : words.count - 1)
            v.completion = c
            return c.line
        }
    }
}
