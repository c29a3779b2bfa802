import Foundation
import VigilActions
import VigilCore
import VigilIngest

/// One replay of one incident: its recording, policy, state directory,
/// engine, decision desk and driver, wired the same way as live.
public final class ReplaySession: @unchecked Sendable {
    public let incident: IncidentBundle
    public let config: VigilConfig
    public let state: StateDirectory
    public let engine: Engine
    public let desk: DecisionDesk
    public let records: [Record]
    public let initialSpeed: Double
    public let initialPaused: Bool
    public let health: SourceHealth
    public let ledger: DecisionLedger
    private let notices = NoticeBoard()

    public static func open(incident nameOrPath: String, stateDir: String?, speed: Double, paused: Bool,
                            readOnly: Bool = false) throws -> ReplaySession {
        let incident = try IncidentBundle.locate(nameOrPath)
        let config: VigilConfig
        if FileManager.default.fileExists(atPath: incident.policy) {
            config = try PolicyLoader.load(path: incident.policy)
        } else {
            config = VigilConfig(policy: DefaultPolicy.make())
        }
        let state = try StateDirectory.prepare(explicit: stateDir, incident: incident)
        var records: [Record] = []
        let health: SourceHealth
        do {
            health = try forEachRecord(inFile: incident.metrics, format: .jsonl) { records.append($0) }
        } catch {
            throw CLIError("cannot read \(incident.metrics): \(error)")
        }
        // A recording is replayed in event-time order; ties keep file order.
        records = stableSortedByTime(records)
        return try ReplaySession(incident: incident, config: config, state: state, records: records,
                                 health: health, speed: speed, paused: paused, readOnly: readOnly)
    }

    private init(incident: IncidentBundle, config: VigilConfig, state: StateDirectory, records: [Record],
                 health: SourceHealth, speed: Double, paused: Bool, readOnly: Bool) throws {
        self.incident = incident
        self.config = config
        self.state = state
        self.health = health
        let engine = Engine(policy: config.policy)
        self.engine = engine
        do { ledger = try DecisionLedger(path: state.ledger) } catch {
            throw CLIError("cannot open the ledger \(state.ledger): \(error)")
        }
        let board = notices
        desk = DecisionDesk(engine: engine, ledger: ledger, flagFile: state.flagFile, hooks: config.hooks,
                            readOnly: readOnly, notice: { board.post($0) })
        self.records = records
        self.initialSpeed = speed
        self.initialPaused = paused
    }

    /// Starts playing the recording into the engine on the driver's thread.
    public func startDriver(onState: @escaping @Sendable (ReplayDriver.State) -> Void = { _ in },
                            onFinish: @escaping @Sendable () -> Void = {}) -> ReplayDriver {
        let driver = ReplayDriver(records: records, engine: engine, speed: initialSpeed, paused: initialPaused,
                                  onState: onState, onFinish: onFinish)
        driver.start()
        return driver
    }

    /// The latest notice (action outcome or refusal) for the status line.
    public var latestNotice: String? { notices.latest }
    public func onNotice(_ body: @escaping @Sendable (String) -> Void) { notices.subscribe(body) }

    /// Plays the whole recording with no screen and prints the event stream
    /// as JSON Lines on stdout. Auto-executions are carried out in order.
    public func runHeadless(out: @escaping @Sendable (String) -> Void = { print($0) }) {
        let desk = self.desk
        let done = DispatchSemaphore(value: 0)
        let printer = HeadlessPrinter(out: out, desk: desk)
        engine.subscribe(snapshots: false) { update in printer.handle(update.outputs) }
        let driver = startDriver(onFinish: { done.signal() })
        driver.setPaused(false)
        done.wait()
        driver.stop()
        printer.drain()
    }
}

/// Prints core outputs; an auto-execution is decided (ledger, action) before
/// the next line, so the stream is in causal order.
final class HeadlessPrinter: @unchecked Sendable {
    private let out: @Sendable (String) -> Void
    private let desk: DecisionDesk
    private let group = DispatchGroup()

    init(out: @escaping @Sendable (String) -> Void, desk: DecisionDesk) { self.out = out; self.desk = desk }

    func handle(_ outputs: [CoreOutput]) {
        for o in outputs {
            out(OutputJSON.line(for: o))
            if case .autoExecute(let id, _) = o {
                group.enter()
                desk.decide(id, .autoExecuted, operatorName: "policy:auto_after") { [group] in group.leave() }
            }
        }
    }

    func drain() { group.wait() }
}

/// Thread-safe latest-message holder with subscribers.
final class NoticeBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var message: String?
    private var subscribers: [@Sendable (String) -> Void] = []

    var latest: String? { lock.withLock { message } }
    func subscribe(_ body: @escaping @Sendable (String) -> Void) { lock.withLock { subscribers.append(body) } }
    func post(_ m: String) {
        let subs = lock.withLock { message = m; return subscribers }
        for s in subs { s(m) }
    }
}

/// Sorts by event time, keeping file order among equal times.
func stableSortedByTime(_ records: [Record]) -> [Record] {
    var sortedAlready = true
    for i in records.indices.dropFirst() where records[i].time < records[i - 1].time { sortedAlready = false; break }
    if sortedAlready { return records }
    return records.enumerated().sorted { a, b in
        a.element.time != b.element.time ? a.element.time < b.element.time : a.offset < b.offset
    }.map(\.element)
}
