import Foundation
import VigilActions
import VigilCore
import VigilIngest
import VigilSystem

/// A live watch: tailers on Dispatch queues feed the one engine; decisions
/// go through the desk to the configured flag file and hooks.
public final class LiveSession: @unchecked Sendable {
    public let config: VigilConfig
    public let engine: Engine
    public let desk: DecisionDesk
    public let ledger: DecisionLedger
    private let tailers: [FileTailer]
    private let healthLock = Lock()
    private var healthBySource: [String: SourceHealth] = [:]
    private let notices = NoticeBoard()

    public static func open(configPath: String, fromStart: Bool, readOnly: Bool) throws -> LiveSession {
        let config = try PolicyLoader.load(path: configPath)
        guard !config.sources.isEmpty else {
            throw CLIError("\(configPath) lists no 'sources': add the metric files to watch, e.g. sources: [metrics.jsonl]")
        }
        // Decisions are always written ahead: without a `ledger:` key the
        // ledger lives beside the policy file.
        let ledgerPath = config.ledger
            ?? (URL(fileURLWithPath: configPath).deletingLastPathComponent().path + "/vigil-ledger.jsonl")
        return try LiveSession(config: config, ledgerPath: ledgerPath, fromStart: fromStart, readOnly: readOnly)
    }

    private init(config: VigilConfig, ledgerPath: String, fromStart: Bool, readOnly: Bool) throws {
        self.config = config
        let engine = Engine(policy: config.policy)
        self.engine = engine
        let ledger: DecisionLedger
        do { ledger = try DecisionLedger(path: ledgerPath) } catch {
            throw CLIError("cannot open the ledger \(ledgerPath): \(error); set 'ledger:' in the policy to a writable path")
        }
        self.ledger = ledger
        let board = notices
        desk = DecisionDesk(engine: engine, ledger: ledger, flagFile: config.flagFile, hooks: config.hooks,
                            readOnly: readOnly, notice: { board.post($0) })
        var tailers: [FileTailer] = []
        let health = HealthBox()
        for source in config.sources {
            let format = MetricFormat(rawValue: source.format) ?? .jsonl
            var options = FileTailer.Options(fromStart: fromStart, format: format)
            options.quantiles = source.quantiles
            tailers.append(FileTailer(path: source.path, options: options) { records, h in
                if let change = health.set(h) { board.post(change) }
                // Wait for the engine: a core that falls behind then pauses the
                // tailer (which reports the lag) instead of queueing batches
                // without bound.
                if !records.isEmpty { engine.submitAndWait(records) }
            })
        }
        self.tailers = tailers
        self.healthBox = health
        let own = desk.own
        follower = LedgerFollower(ledger: ledger, engine: engine, own: own, notice: { board.post($0) })
    }

    /// Follows the shared ledger for decisions made by other Vigil processes.
    public let follower: LedgerFollower

    private let healthBox: HealthBox

    /// Health of every source, in config order.
    public var sourceHealth: [SourceHealth] { healthBox.all }

    public var latestNotice: String? { notices.latest }
    public func onNotice(_ body: @escaping @Sendable (String) -> Void) { notices.subscribe(body) }

    private var recorder: IncidentRecorder?
    private var signalSources: [DispatchSourceSignal] = []

    /// Records everything this session applies as an incident folder.
    public func record(into directory: String, policyFile: String) throws {
        let board = notices
        let r = try IncidentRecorder(directory: directory, policyFile: policyFile, flagFile: config.flagFile,
                                     notice: { board.post($0) })
        recorder = r
        engine.tap { r.write($0) }
    }

    public func start() {
        follower.start()
        for t in tailers { t.start() }
    }

    public func stop() {
        for t in tailers { t.stop() }
        follower.stop()
        recorder?.close()
    }

    /// Prints the event stream as JSON Lines until the process is stopped.
    public func runHeadless(out: @escaping @Sendable (String) -> Void = { print($0); StandardOutput.flush() }) {
        let desk = self.desk
        // Notices (a source gone unreadable, a decision NOT DONE) go to stderr.
        notices.subscribe { StandardOutput.error($0) }
        engine.subscribe(snapshots: false) { update in
            for o in update.outputs {
                out(OutputJSON.line(for: o))
                desk.handle(o, synchronously: false, print: out)
            }
        }
        // Ctrl-C or SIGTERM: stop the tailers and close the recording cleanly.
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .main)
            source.setEventHandler { [self] in
                stop()
                exit(0)
            }
            source.resume()
            signalSources.append(source)
        }
        start()
        dispatchMain()
    }
}

/// Latest health per source, shared between tailer queues and the UI.
final class HealthBox: @unchecked Sendable {
    private let lock = Lock()
    private var order: [String] = []
    private var latest: [String: SourceHealth] = [:]
    /// Stores `h`; returns a message when the source became unreadable or
    /// readable again (the dashboard shows it, headless prints it).
    func set(_ h: SourceHealth) -> String? {
        lock.withLock {
            if latest[h.source] == nil { order.append(h.source) }
            let before = latest[h.source]?.unreadable
            latest[h.source] = h
            guard h.unreadable != before else { return nil }
            return h.unreadable.map { "source \(h.source) ✗ \($0)" } ?? "source \(h.source) readable again"
        }
    }
    var all: [SourceHealth] { lock.withLock { order.compactMap { latest[$0] } } }
}
