import Foundation
import VigilActions
import VigilCore
import VigilIngest
import VigilSystem
import VigilUI

extension Session {
    /// A replay of one incident, wired the same way as live: its recording
    /// and policy, and a state directory for the flag-file copy and ledger.
    /// `resetFlags`: a state directory whose flag file an earlier run
    /// changed gets the incident's again (recorded in its ledger); without
    /// it such a directory is refused, never silently reset.
    ///
    /// `decisions` is the ledger of the live session that made the
    /// recording: its decisions and outcomes are applied as the replay
    /// passes them (headless only), and nothing is decided or acted on anew.
    public static func replay(incident nameOrPath: String, stateDir: String?, speed: Double, paused: Bool,
                              readOnly: Bool = false, operatorName: String = "unknown",
                              resetFlags: Bool = false, decisions: String? = nil) throws -> Session {
        let script = try decisions.map { try LedgerScript(path: $0) }
        let readOnly = readOnly || script != nil
        let incident = try IncidentBundle.locate(nameOrPath)
        let own = FileManager.default.fileExists(atPath: incident.policy) ? try PolicyLoader.load(path: incident.policy) : nil
        var batches: [RecordBatch] = []
        let health: SourceHealth
        do {
            health = try forEachRecordBatch(inFile: incident.metrics) { if !$0.isEmpty { batches.append($0) } }
        } catch {
            throw CLIError("cannot read \(incident.metrics): \(error)")
        }
        let state = try StateDirectory.prepare(explicit: stateDir, incident: incident, resetFlags: resetFlags,
                                               operatorName: operatorName,
                                               at: batches.first?.time(at: 0) ?? EventTime(milliseconds: 0))
        let config: VigilConfig
        if let own {
            config = own
        } else {
            // No policy: the default signals for the metrics this recording holds.
            var catalog = RecordingCatalog()
            for b in batches { catalog.observe(b) }
            config = VigilConfig(policy: DefaultPolicy.make(for: catalog))
        }
        // File order is the order the engine applied them when recorded, so
        // a recording replays identically (the core ignores time going back).
        let input = ReplayInput(incident: incident, state: state, batches: batches, speed: speed, paused: paused,
                                script: script)
        var status = StatusInfo(mode: .replay(speed: speed, paused: paused), operatorName: operatorName,
                                readOnly: readOnly, sources: [SourceSummary(health)], incident: incident.name)
        status.describe(config, policyFile: own == nil ? nil : incident.policy, listSources: false)
        let ledger: DecisionLedger
        do { ledger = try DecisionLedger(path: state.ledger, stamp: .eventTime) } catch {
            throw CLIError("cannot open the ledger \(state.ledger): \(error)")
        }
        return Session(config: config, ledger: ledger, flagFile: state.flagFile, status: status,
                           operatorName: operatorName, input: input,
                           firstProposalNumber: try Session.firstProposalNumber(ledger), stateLock: state.lock)
    }

    /// The replay's recording and controls; nil in a live watch.
    var replay: ReplayInput? { input as? ReplayInput }

    /// With `decisions:`, how many of the ledger's records matched no
    /// proposal of the replay (a different policy or recording); else nil.
    public var unmatchedLedgerRecords: Int? { replay?.script?.unmatched }

    /// Where a replay keeps its flag-file copy and ledger; nil in a live watch.
    public var stateDirectory: StateDirectory? { replay?.state }

}

/// A recording played into the engine: by the driver's thread for a screen,
/// or on the calling thread, record by record, headless.
final class ReplayInput: SessionInput, @unchecked Sendable {
    let incident: IncidentBundle
    let state: StateDirectory
    /// The recording as decoded: a headless replay applies it batch by
    /// batch, the dashboard's driver by position (`records`).
    let batches: [RecordBatch]
    /// Onset from the incident's expect.yaml, if it has one.
    let onset: EventTime?
    private let speed: Double
    private let paused: Bool
    private let lock = Lock()
    private var playing: ReplayDriver?
    /// Whether the end of the recording has been announced; a seek back
    /// plays on, and reaching the end again announces it again.
    private var announcedEnd = false
    /// Seeks rebuild the core; they run here, not on the UI thread.
    private let seeks = DispatchQueue(label: "vigil.seek")

    /// A live session's decisions to re-apply instead of deciding anew.
    let script: LedgerScript?

    init(incident: IncidentBundle, state: StateDirectory, batches: [RecordBatch], speed: Double, paused: Bool,
         script: LedgerScript? = nil) {
        self.script = script
        self.incident = incident
        self.state = state
        self.batches = batches
        records = ReplayRecords(batches)
        self.speed = speed
        self.paused = paused
        onset = (try? Expectations.load(path: incident.expectations))?.onset
    }

    /// The recording by position, read from the batches (no second copy):
    /// what the dashboard's driver plays.
    let records: ReplayRecords

    /// The driver playing the recording, once started.
    var driver: ReplayDriver? { lock.withLock { playing } }

    func start(_ session: Session) {
        let desk = session.desk
        let models = session.models
        let notice: @Sendable (String) -> Void = { [weak session] in session?.notice($0) }
        let driver = ReplayDriver(records: records, engine: session.engine, speed: speed, paused: paused,
                                  onState: { [weak self] st in
                                      models.update { $0.status.mode = .replay(speed: st.speed, paused: st.paused) }
                                      // A notice of its own (decision 0020): shown over whatever
                                      // message is up, which stays in the `m` log.
                                      if self?.reachedEnd(st.finished) == true {
                                          notice("replay finished: the recording has ended")
                                      }
                                  },
                                  onRecord: { desk.applyIfDeploy($0, synchronously: false) })
        lock.withLock { playing = driver }
        driver.start()
    }

    func stop() { driver?.stop() }

    /// True once per arrival at the end of the recording: the driver reports
    /// `finished` again with every later pause or speed change.
    private func reachedEnd(_ finished: Bool) -> Bool {
        lock.withLock {
            defer { announcedEnd = finished }
            return finished && !announcedEnd
        }
    }

    func perform(_ command: Command) {
        guard let driver else { return }
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

    /// Plays the recording on the calling thread, one record at a time, so
    /// that auto-executions and escalations are carried out before the next
    /// record: two runs print the same bytes. A finite speed paces the
    /// records in event time; speed 0 (the default headless) runs flat out.
    func runHeadless(_ session: Session, print: @escaping Session.Sink) {
        let engine = session.engine
        let desk = session.desk
        let pacer = Pacer(speed: speed)
        let paced = speed.isFinite && speed > 0
        for batch in batches {
            var next = batch.startIndex
            while next < batch.endIndex {
                let time = batch.time(at: next)
                pacer.wait(until: time)
                for line in script?.apply(before: time, to: engine) ?? [] { print(line) }
                if case .record(let r) = batch.entry(next) { desk.applyIfDeploy(r, synchronously: true) }
                // Flat out, quiet records go to the engine in runs; paced, or
                // with decisions to slot in between, one at a time.
                let one = paced || script != nil
                let (applied, outputs) = engine.submitRun(batch, from: next, upTo: one ? next + 1 : nil)
                next = applied
                session.handle(outputs, snapshot: nil, synchronously: true, print: print)
            }
        }
        for line in script?.applyRest(to: engine) ?? [] { print(line) }
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
