import Dispatch
import Foundation
import VigilApp
import VigilCore
import VigilIngest
import VigilTerminal
import VigilUI

/// Builds the dashboard model from the engine's snapshots and the app's own
/// status; thread-safe, and posts each new model to the terminal loop.
final class ModelPublisher: @unchecked Sendable {
    private let lock = NSLock()
    private var model: DashboardModel
    private var app: TerminalApp?
    private let health: @Sendable () -> [SourceSummary]

    init(status: StatusInfo, health: @escaping @Sendable () -> [SourceSummary]) {
        model = DashboardModel(core: .empty, status: status)
        self.health = health
    }

    var current: DashboardModel { lock.withLock { model } }
    func attach(_ app: TerminalApp) { lock.withLock { self.app = app } }

    func update(_ change: (inout DashboardModel) -> Void) {
        let sources = health()
        let (m, a) = lock.withLock { () -> (DashboardModel, TerminalApp?) in
            change(&model)
            model.status.sources = sources
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
    SourceSummary(name: URL(fileURLWithPath: h.source).lastPathComponent, records: h.records,
                  malformed: h.malformed + h.oversized, lagBytes: Int(clamping: h.lagBytes))
}

/// Opens the terminal, or explains why not and points at --headless.
func openScreen() -> TerminalScreen {
    do { return try TerminalScreen() } catch {
        fail("\(error) (use --headless for a JSON Lines event stream without a screen)")
    }
}

func runDashboard(session: ReplaySession, decisions: DecisionOptions, theme: String?) {
    let health = summary(session.health)
    let publisher = ModelPublisher(
        status: StatusInfo(mode: .replay(speed: session.initialSpeed, paused: session.initialPaused),
                           operatorName: decisions.operatorName, readOnly: decisions.readOnly,
                           sources: [health], incident: session.incident.name),
        health: { [health] in [health] })
    let screen = openScreen()
    let app = TerminalApp(screen: screen, theme: loadTheme(theme ?? session.config.theme), initial: publisher.current)
    publisher.attach(app)
    let desk = session.desk
    session.engine.subscribe(snapshots: true) { update in
        for o in update.outputs { desk.handle(o, synchronously: false) }
        if let s = update.snapshot { publisher.update { $0.core = s } }
    }
    session.onNotice { n in publisher.update { $0.status.notice = n } }
    let driver = session.startDriver(onState: { st in
        publisher.update { $0.status.mode = .replay(speed: st.speed, paused: st.paused) }
        if st.finished { publisher.update { $0.status.notice = $0.status.notice ?? "replay finished: the recording has ended" } }
    })
    let seeks = DispatchQueue(label: "vigil.seek")
    app.run { command in
        handle(command, desk: desk, operatorName: decisions.operatorName, publisher: publisher)
        switch command {
        case .togglePause: driver.togglePause()
        case .speed(let s): driver.setSpeed(s)
        case .faster: driver.faster()
        case .slower: driver.slower()
        case .seek(let seconds): seeks.async { driver.seek(by: seconds) }
        default: break
        }
    }
    driver.stop()
    FileHandle.standardError.write(Data("vigil: replay state (flag file, ledger) in \(session.state.path)\n".utf8))
}

func runDashboard(live: LiveSession, decisions: DecisionOptions, theme: String?) {
    let publisher = ModelPublisher(
        status: StatusInfo(mode: .live, operatorName: decisions.operatorName, readOnly: decisions.readOnly),
        health: { live.sourceHealth.map(summary) })
    if let unresolved = try? live.ledger?.unresolvedIntents(), !unresolved.isEmpty {
        publisher.update {
            $0.status.notice = "\(unresolved.count) confirmed action(s) with unknown outcome in the ledger (\(unresolved.map(\.proposalID).joined(separator: ", "))): check the flag file; they will not be re-run"
        }
    }
    let screen = openScreen()
    let app = TerminalApp(screen: screen, theme: loadTheme(theme ?? live.config.theme), initial: publisher.current)
    publisher.attach(app)
    let desk = live.desk
    live.engine.subscribe(snapshots: true) { update in
        for o in update.outputs { desk.handle(o, synchronously: false) }
        if let s = update.snapshot { publisher.update { $0.core = s } }
    }
    live.onNotice { n in publisher.update { $0.status.notice = n } }
    live.start()
    app.run { command in
        handle(command, desk: desk, operatorName: decisions.operatorName, publisher: publisher)
    }
    live.stop()
}

/// Decisions are the same in live and replay: the desk records, then acts.
private func handle(_ command: Command, desk: DecisionDesk, operatorName: String, publisher: ModelPublisher) {
    switch command {
    case .confirm(let id): desk.decide(id, .confirmed, operatorName: operatorName)
    case .reject(let id): desk.decide(id, .rejected, operatorName: operatorName)
    case .snooze(let id): desk.decide(id, .snoozed, operatorName: operatorName)
    default: break
    }
}
