import Dispatch
import Foundation
import VigilActions
import VigilApp
import VigilCore
import VigilIngest
import VigilTerminal
import VigilUI
import VigilSystem

/// Builds the dashboard model from the engine's snapshots and the app's own
/// status; thread-safe, and posts each new model to the terminal loop.
final class ModelPublisher: @unchecked Sendable {
    private let lock = Lock()
    private var model: DashboardModel
    private var app: TerminalApp?
    private let health: @Sendable () -> [SourceSummary]
    private var busy: (@Sendable () -> Bool)?

    init(status: StatusInfo, health: @escaping @Sendable () -> [SourceSummary]) {
        model = DashboardModel(core: .empty, status: status)
        self.health = health
    }

    /// Where `status.actionInFlight` comes from (the decision desk).
    func trackActions(_ busy: @escaping @Sendable () -> Bool) { lock.withLock { self.busy = busy } }

    var current: DashboardModel { lock.withLock { model } }
    func attach(_ app: TerminalApp) { lock.withLock { self.app = app } }

    func update(_ change: (inout DashboardModel) -> Void) {
        let sources = health()
        let inFlight = lock.withLock { busy }?() ?? false
        let (m, a) = lock.withLock { () -> (DashboardModel, TerminalApp?) in
            change(&model)
            model.status.sources = sources
            model.status.actionInFlight = inFlight
            return (model, app)
        }
        a?.post(m)
    }
}

func loadTheme(_ name: String?) -> Theme {
    guard let name else { return .dark }
    do { return try Theme.load(named: name, searchPaths: Theme.defaultSearchPaths()) } catch {
        fail("\(error)")
    }
}

func summary(_ h: SourceHealth) -> SourceSummary {
    var s = SourceSummary(name: URL(fileURLWithPath: h.source).lastPathComponent, records: h.records,
                          malformed: h.malformed, lagBytes: Int(clamping: h.lagBytes))
    s.lines = h.lines
    s.nonFinite = h.nonFinite
    s.outOfOrder = h.outOfOrder
    s.duplicates = h.duplicates
    s.oversized = h.oversized
    s.lastError = h.lastError
    s.unreadable = h.unreadable
    return s
}

/// Opens the terminal, or explains why not and points at --headless.
func openScreen() -> TerminalScreen {
    do { return try TerminalScreen() } catch {
        fail("\(error) (use --headless for a JSON Lines event stream without a screen)")
    }
}

/// After a crash: the confirmed actions whose outcome the ledger does not know.
func unresolvedNotice(_ ledger: DecisionLedger) -> String? {
    guard let pending = try? ledger.unresolvedIntents(), !pending.isEmpty else { return nil }
    return "\(pending.count) confirmed action(s) with unknown outcome (\(pending.map(\.id).joined(separator: ", "))): check them, then `vigil ledger resolve \(ledger.path) ID`; they will not be re-run"
}

/// What the replay and the live dashboard share: the terminal, the model
/// fed by the engine's snapshots, auto-executions and escalations handed to
/// the desk, and notices on the status line.
private func openDashboard(publisher: ModelPublisher, ledger: DecisionLedger, engine: Engine,
                           desk: DecisionDesk, theme: String?,
                           onNotice: (@escaping @Sendable (String) -> Void) -> Void) -> TerminalApp {
    if let n = unresolvedNotice(ledger) { publisher.update { $0.status.notice = n } }
    let app = TerminalApp(screen: openScreen(), theme: loadTheme(theme), initial: publisher.current)
    publisher.attach(app)
    track(desk, app: app, publisher: publisher)
    engine.subscribe(snapshots: true) { update in
        for o in update.outputs { desk.handle(o, synchronously: false) }
        if let s = update.snapshot { publisher.update { $0.core = s } }
    }
    onNotice { n in publisher.update { $0.status.notice = n } }
    return app
}

func runDashboard(session: ReplaySession, decisions: DecisionOptions, theme: String?) {
    let health = summary(session.health)
    let publisher = ModelPublisher(
        status: StatusInfo(mode: .replay(speed: session.initialSpeed, paused: session.initialPaused),
                           operatorName: decisions.operatorName, readOnly: decisions.readOnly,
                           sources: [health], incident: session.incident.name),
        health: { [health] in [health] })
    let desk = session.desk
    let app = openDashboard(publisher: publisher, ledger: session.ledger, engine: session.engine, desk: desk,
                            theme: theme ?? session.config.theme, onNotice: session.onNotice)
    let driver = session.startDriver(onState: { st in
        publisher.update { $0.status.mode = .replay(speed: st.speed, paused: st.paused) }
        if st.finished { publisher.update { $0.status.notice = $0.status.notice ?? "replay finished: the recording has ended" } }
    })
    let seeks = DispatchQueue(label: "vigil.seek")
    app.run { command in
        handle(command, desk: desk, operatorName: decisions.operatorName, publisher: publisher)
        switch command {
        case .togglePause: driver.togglePause()
        case .step: seeks.async { driver.step() }
        case .speed(let s): driver.setSpeed(s)
        case .faster: driver.faster()
        case .slower: driver.slower()
        case .seek(let seconds): seeks.async { driver.seek(by: seconds) }
        default: break
        }
    }
    driver.stop()
    StandardOutput.error("replay state (flag file, ledger) in \(session.state.path)")
}

func runDashboard(live: LiveSession, decisions: DecisionOptions, theme: String?) {
    let publisher = ModelPublisher(
        status: StatusInfo(mode: .live, operatorName: decisions.operatorName, readOnly: decisions.readOnly),
        health: { live.sourceHealth.map(summary) })
    let desk = live.desk
    let app = openDashboard(publisher: publisher, ledger: live.ledger, engine: live.engine, desk: desk,
                            theme: theme ?? live.config.theme, onNotice: live.onNotice)
    live.start()
    app.run { command in
        handle(command, desk: desk, operatorName: decisions.operatorName, publisher: publisher)
    }
    live.stop()
}

/// The status bar shows a running action, and `q` asks before quitting
/// while one runs (the reducer decides; the app only reports the fact).
private func track(_ desk: DecisionDesk, app: TerminalApp, publisher: ModelPublisher) {
    publisher.trackActions { desk.hasActionInFlight }
    app.actionInFlight = { desk.hasActionInFlight }
}

/// Decisions are the same in live and replay: the desk records, then acts.
/// The model is re-published when a decision starts and when it is done, so
/// `status.actionInFlight` follows the desk.
private func handle(_ command: Command, desk: DecisionDesk, operatorName: String, publisher: ModelPublisher) {
    let done: @Sendable () -> Void = { publisher.update { _ in } }
    switch command {
    case .confirm(let id): desk.decide(id, .confirmed, operatorName: operatorName, completion: done)
    case .reject(let id): desk.decide(id, .rejected, operatorName: operatorName, completion: done)
    case .snooze(let id): desk.decide(id, .snoozed, operatorName: operatorName, completion: done)
    default: return
    }
    publisher.update { _ in }
}
