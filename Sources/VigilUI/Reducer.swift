import VigilCore

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
    switch v.inputMode {
    case .filter: return (Reducer.editFilter(v, key), [])
    case .command: return Reducer.editCommand(v, key, model: model, nowMillis: nowMillis)
    case .normal: return Reducer.normal(v, key, model: model, nowMillis: nowMillis)
    }
}

/// The reducer's parts: one per input mode, and what each `KeyAction` does.
enum Reducer {
    /// How far ←/→ move a replay, in event seconds.
    static let seekStep = 60.0

    /// Normal input mode: keys act as `KeyMap` says.
    static func normal(_ view: ViewState, _ key: Key, model: DashboardModel,
                       nowMillis: Int64) -> (ViewState, [Command]) {
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
            if mode == .command { v.commandLine = "" }
        case .replay(let command):
            return replayOnly(v, model, command)
        case .decide(let verdict):
            if case .proposal(let id) = v.screen {
                return decide(v, verdict, proposalID: id, model: model, nowMillis: nowMillis)
            }
            let queue = ProposalQueue.ordered(model, filter: v.filter)
            guard let i = v.selectedProposal(in: model) else {
                v.message = "no proposal to decide"
                return (v, [])
            }
            return decide(v, verdict, proposalID: queue[i].id, model: model, nowMillis: nowMillis)
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

    /// Turns y/n/s into a command, or into a message saying why not.
    static func decide(_ view: ViewState, _ verdict: Verdict, proposalID id: String,
                       model: DashboardModel, nowMillis: Int64) -> (ViewState, [Command]) {
        var v = view
        if model.status.readOnly {
            v.message = "read-only: y/n/s are disabled (started with --read-only)"
            return (v, [])
        }
        guard let p = model.core.proposals.first(where: { $0.id == id }) else {
            v.message = "\(id) is no longer known"
            return (v, [])
        }
        guard p.isOpen else {
            v.message = "\(id) is \(p.status.rawValue); nothing to decide"
            return (v, [])
        }
        switch verdict {
        case .confirm:
            let seen = v.proposalFirstSeen[id] ?? nowMillis
            let shownFor = nowMillis - seen
            if shownFor < ViewState.confirmGuardMillis {
                v.message = "\(id) appeared \(shownFor) ms ago; read it, then press y again"
                return (v, [])
            }
            return (v, [.confirm(proposalID: id)])
        case .reject: return (v, [.reject(proposalID: id)])
        case .snooze: return (v, [.snooze(proposalID: id)])
        }
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

    static func editFilter(_ view: ViewState, _ key: Key) -> ViewState {
        var v = view
        switch key {
        case .enter: v.inputMode = .normal
        case .escape, .ctrlC: v.inputMode = .normal; v.filter = ""
        case .backspace, .delete:
            if v.filter.isEmpty { v.inputMode = .normal } else { v.filter.removeLast() }
        case .char(let c): v.filter.append(c)
        default: break
        }
        return v
    }

    static func editCommand(_ view: ViewState, _ key: Key,
                            model: DashboardModel, nowMillis: Int64) -> (ViewState, [Command]) {
        var v = view
        switch key {
        case .enter:
            v.inputMode = .normal
            let line = v.commandLine
            v.commandLine = ""
            return CommandLine.execute(line, view: v, model: model, nowMillis: nowMillis)
        case .escape, .ctrlC:
            v.inputMode = .normal; v.commandLine = ""
        case .backspace, .delete:
            if v.commandLine.isEmpty { v.inputMode = .normal } else { v.commandLine.removeLast() }
        case .char(let c): v.commandLine.append(c)
        default: break
        }
        return (v, [])
    }
}
