import Foundation
import VigilActions
import VigilCore
import VigilIngest
import VigilSystem

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
    /// Onset from the incident's expect.yaml, if it has one.
    public let onset: EventTime?
    public let postMortem = PostMortem()
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
        // File order is the order the engine applied them when recorded, so
        // a recording replays identically (the core ignores time going back).
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
        self.onset = (try? Expectations.load(path: incident.expectations))?.onset
        let pm = postMortem
        engine.subscribe(snapshots: false) { pm.observe($0.outputs) }
    }

    /// Writes the post-mortem timeline of the replay so far.
    public func exportTimeline(to path: String) throws {
        let md = postMortem.markdown(incident: incident.name, onset: onset, snapshot: engine.snapshot())
        do { try md.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw CLIError("cannot write the timeline to \(path): \(error.localizedDescription)")
        }
    }

    /// Starts playing the recording into the engine on the driver's thread.
    public func startDriver(onState: @escaping @Sendable (ReplayDriver.State) -> Void = { _ in }) -> ReplayDriver {
        let desk = self.desk
        let driver = ReplayDriver(records: records, engine: engine, speed: initialSpeed, paused: initialPaused,
                                  onState: onState,
                                  onRecord: { desk.applyIfDeploy($0, synchronously: false) })
        driver.start()
        return driver
    }

    /// The latest notice (action outcome or refusal) for the status line.
    public var latestNotice: String? { notices.latest }
    public func onNotice(_ body: @escaping @Sendable (String) -> Void) { notices.subscribe(body) }

    /// Plays the recording with no screen and prints the event stream as
    /// JSON Lines. Runs on the calling thread, one record at a time, so that
    /// auto-executions and escalations are carried out before the next
    /// record: two runs print the same bytes. A finite speed paces the
    /// records in event time; speed 0 (the default headless) runs flat out.
    public func runHeadless(out: @escaping @Sendable (String) -> Void = { print($0) }) {
        let pacer = Pacer(speed: initialSpeed)
        let paced = initialSpeed.isFinite && initialSpeed > 0
        var next = records.startIndex
        while next < records.endIndex {
            let r = records[next]
            pacer.wait(until: r.time)
            desk.applyIfDeploy(r, synchronously: true)
            // Flat out, quiet records go to the engine in runs; paced, one at a time.
            let (applied, outputs) = engine.submitRun(records[next..<(paced ? next + 1 : records.endIndex)])
            next += applied
            for o in outputs {
                out(OutputJSON.line(for: o))
                desk.handle(o, synchronously: true, print: out)
            }
        }
    }
}

/// Sleeps so that event time advances at `speed` × wall time.
final class Pacer {
    private let speed: Double
    private var anchorEvent: EventTime?
    private var anchorWall = DispatchTime.now()

    init(speed: Double) { self.speed = speed }

    func wait(until t: EventTime) {
        guard speed.isFinite, speed > 0 else { return }
        guard let anchor = anchorEvent else { anchorEvent = t; anchorWall = .now(); return }
        let dueNanos = Double(t.since(anchor).milliseconds) / speed * 1e6
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds &- anchorWall.uptimeNanoseconds)
        if dueNanos > elapsed { usleep(UInt32(min((dueNanos - elapsed) / 1000, 10_000_000))) }
    }
}

/// Thread-safe latest-message holder with subscribers.
final class NoticeBoard: @unchecked Sendable {
    private let lock = Lock()
    private var message: String?
    private var subscribers: [@Sendable (String) -> Void] = []

    var latest: String? { lock.withLock { message } }
    func subscribe(_ body: @escaping @Sendable (String) -> Void) { lock.withLock { subscribers.append(body) } }
    func post(_ m: String) {
        let subs = lock.withLock { message = m; return subscribers }
        for s in subs { s(m) }
    }
}

