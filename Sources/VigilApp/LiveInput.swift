import Foundation
import VigilActions
import VigilCore
import VigilIngest
import VigilPrometheus
import VigilSystem
import VigilUI
import VigilWording

extension Session {
    /// A live watch of the policy's sources; decisions go to its flag file
    /// and hooks, and to a ledger other Vigil processes may share.
    ///
    /// `monotonicNanos` and `tickSeconds` are the live clock's wall time and
    /// how often it moves the core (nil: only when `tick()` is called); tests
    /// inject both instead of sleeping.
    public static func watch(configPath: String, fromStart: Bool, readOnly: Bool,
                             operatorName: String = "unknown",
                             monotonicNanos: @escaping @Sendable () -> UInt64 = { MonotonicClock.nowNanos() },
                             tickSeconds: Double? = 1) throws -> Session {
        let config = try PolicyLoader.load(path: configPath)
        guard !config.sources.isEmpty || !config.prometheus.isEmpty else {
            throw CLIError("\(configPath) lists no 'sources': add the metric files to watch, e.g. sources: [metrics.jsonl], or a server, e.g. - prometheus: http://127.0.0.1:9090")
        }
        // Decisions are always written ahead: without a `ledger:` key the
        // ledger lives beside the policy file.
        let ledgerPath = config.ledger
            ?? (URL(fileURLWithPath: configPath).deletingLastPathComponent().path + "/vigil-ledger.jsonl")
        // One writer per ledger; a read-only watch follows it without the lock.
        let lock = readOnly ? nil : try Session.lock(ledger: ledgerPath, purpose: "vigil watch --config \(configPath)")
        let ledger: DecisionLedger
        do { ledger = try DecisionLedger(path: ledgerPath) } catch {
            throw CLIError("cannot open the ledger \(ledgerPath): \(error); set 'ledger:' in the policy to a writable path")
        }
        let firstProposal = try Session.firstProposalNumber(ledger)
        // Verdicts a stopped watch owed are found by this one.
        let unverified = try Session.unverifiedActions(ledger)
        // TLS files are read now: a bad CA file stops the watch at start.
        var clients: [PrometheusClient] = []
        for source in config.prometheus {
            do { clients.append(try PrometheusClient(source: source)) } catch {
                clients.forEach { $0.shutdown() }
                throw CLIError("source \(source.name): \(error)")
            }
        }
        var status = StatusInfo(mode: .live, operatorName: operatorName, readOnly: readOnly)
        status.describe(config, policyFile: configPath, listSources: true)
        return Session(config: config, ledger: ledger, flagFile: config.flagFile, status: status,
                       operatorName: operatorName, input: LiveInput(config: config, fromStart: fromStart,
                                            clock: LiveClock(lag: config.liveLag, monotonicNanos: monotonicNanos),
                                            tickSeconds: tickSeconds, prometheus: clients),
                           firstProposalNumber: firstProposal, unverified: unverified, stateLock: lock)
    }
}

/// Tailers on Dispatch queues and Prometheus pollers on their threads feed
/// the one engine; a follower applies what other Vigil processes write to
/// the shared ledger; a timer moves event time on when the feeds are silent
/// (`LiveClock`).
final class LiveInput: SessionInput, @unchecked Sendable {
    private let config: VigilConfig
    private let fromStart: Bool
    private let lock = Lock()
    private var tailers: [FileTailer] = []
    private let clients: [PrometheusClient]
    private var pollers: [PrometheusPoller] = []
    private var follower: LedgerFollower?
    /// Turns edits of the flag file into deploy events.
    private(set) var flags: FlagFileFollower?
    /// How the flag file is followed (tests shorten the quiet period).
    var flagOptions = FlagFileFollower.Options()
    private var ticker: DispatchSourceTimer?
    private let health: HealthBox
    let clock: LiveClock
    private let tickSeconds: Double?

    init(config: VigilConfig, fromStart: Bool, clock: LiveClock, tickSeconds: Double?,
         prometheus clients: [PrometheusClient] = []) {
        self.config = config
        self.clients = clients
        self.fromStart = fromStart
        self.clock = clock
        self.tickSeconds = tickSeconds
        health = HealthBox(sources: config.unreportedSources)
    }

    /// Gives the core the live clock's time (a no-op while the data is newer).
    func tick(_ engine: Engine) {
        if let now = clock.now() { engine.advance(to: now) }
    }

    func start(_ session: Session) {
        let engine = session.engine
        let clock = self.clock
        let models = session.models
        let health = self.health
        let notice: @Sendable (String) -> Void = { [weak session] in session?.notice($0) }
        let printed: @Sendable (String) -> Void = { [weak session] in session?.printed($0) }
        var tailers: [FileTailer] = []
        let coverage = SignalCoverage(policy: config.policy)
        // Health goes into the model here; a batch with records is shown
        // with the engine's next snapshot, one without at once if it changed
        // what the screen shows (the tailer's re-check of a quiet file every
        // 2 s changes nothing and must not wake an idle dashboard).
        let report: @Sendable (SourceHealth, _ withRecords: Bool) -> Void = { h, withRecords in
            var change: String?
            var previous: SourceHealth?
            var changed = false
            models.update(posting: changed && !withRecords) {
                let all: [SourceHealth]
                (all, change, previous) = health.set(h)
                let summaries = all.map(SourceSummary.init)
                changed = $0.status.sources != summaries
                $0.status.sources = summaries
            }
            if let change { notice(change) }
            // Headless, the change is in the event stream too; a network
            // source's first answer as well.
            let firstAnswer = h.remote && (previous?.lastSuccess == nil) != (h.lastSuccess == nil)
            if change != nil || firstAnswer { printed(OutputJSON.sourceLine(h)) }
        }
        // Wait for the engine: a core that falls behind then pauses the
        // tailer or poller (the tailer reports the lag) instead of queueing
        // batches without bound.
        // Files hand over decoded batches (a series routed once per batch,
        // no record made per sample); pollers their records as one batch.
        let deliver: @Sendable (RecordBatch, SourceHealth) -> Void = { batch, h in
            report(h, !batch.isEmpty)
            // On screen as a notice; headless, notices go to stderr.
            if let warning = coverage.observe(batch) { notice(warning) }
            if let latest = batch.latestTime {
                clock.saw(latest)
                engine.submitAndWait(batch)
            }
        }
        for source in config.sources {
            let format = MetricFormat(rawValue: source.format) ?? .jsonl
            var options = FileTailer.Options(fromStart: fromStart, format: format)
            options.quantiles = source.quantiles
            tailers.append(FileTailer(path: source.path, options: options, deliver: deliver))
        }
        let pollers = clients.map {
            PrometheusPoller(source: $0.source, client: $0) { records, h in deliver(RecordBatch(records), h) }
        }
        let flags = config.flagFile.map { path in
            FlagFileFollower(path: path, own: session.desk.flagWrites, options: flagOptions, notice: notice) { deploys, h in
                report(h, !deploys.isEmpty)
                guard !deploys.isEmpty else { return }
                // Live time as the core has it; before any data, the wall clock.
                let t = clock.now() ?? EventTime(milliseconds: WallClock.nowMillis())
                for d in deploys { notice("deploy from the flag file: \(Wording.deployEvent(d))") }
                engine.submitAndWait(deploys.map { .event(Event(time: t, kind: .deploy($0))) })
            }
        }
        let follower = LedgerFollower(ledger: session.ledger, engine: engine, own: session.desk.own,
                                      notice: notice)
        lock.withLock { self.tailers = tailers; self.pollers = pollers; self.follower = follower; self.flags = flags }
        follower.start()
        flags?.start()
        for t in tailers { t.start() }
        for p in pollers { p.start() }
        if let tickSeconds, tickSeconds > 0 {
            let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "vigil.live-clock"))
            timer.schedule(deadline: .now() + tickSeconds, repeating: tickSeconds)
            timer.setEventHandler { [weak self] in self?.tick(engine) }
            lock.withLock { ticker = timer }
            timer.resume()
        }
    }

    func stop() {
        let (tailers, pollers, follower, ticker, flags) = lock.withLock {
            (self.tailers, self.pollers, self.follower, self.ticker, self.flags)
        }
        ticker?.cancel()
        for t in tailers { t.stop() }
        for p in pollers { p.stop() }
        if pollers.isEmpty { clients.forEach { $0.shutdown() } }
        flags?.stop()
        follower?.stop()
    }

    func perform(_ command: Command) {}

    /// Prints the event stream until SIGINT or SIGTERM, then stops the
    /// tailers, closes the recording and returns: only `main` ends the process.
    func runHeadless(_ session: Session, print: @escaping Session.Sink) {
        let stopRequested = DispatchSemaphore(value: 0)
        let signals = DispatchQueue(label: "vigil.signals")
        var sources: [DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: signals)
            source.setEventHandler { stopRequested.signal() }
            source.resume()
            sources.append(source)
        }
        // Notices (a source gone unreadable, a decision NOT DONE) go to stderr.
        session.echoNotices(to: { StandardOutput.error($0) })
        session.begin(printing: { line in print(line); StandardOutput.flush() })
        stopRequested.wait()
        session.stop()
        for s in sources { s.cancel() }
        for sig in [SIGINT, SIGTERM] { signal(sig, SIG_DFL) }
    }
}

/// Latest health per source: the configured sources in policy order (a
/// source that never reports is still listed), then any other that reports.
final class HealthBox: @unchecked Sendable {
    private let lock = Lock()
    private var order: [String]
    private var latest: [String: SourceHealth]

    init(sources: [SourceHealth] = []) {
        order = []
        latest = [:]
        for s in sources where latest[s.source] == nil {
            order.append(s.source)
            latest[s.source] = s
        }
    }

    /// Stores `h`; returns every source's latest health, and a message when
    /// the source became unreadable or readable again (the dashboard shows
    /// it, headless prints it).
    /// The source's health before `h` comes back too (nil for its first).
    func set(_ h: SourceHealth) -> (all: [SourceHealth], change: String?, previous: SourceHealth?) {
        lock.withLock {
            if latest[h.source] == nil { order.append(h.source) }
            let previous = latest[h.source]
            let before = previous?.unreadable
            latest[h.source] = h
            let all = order.compactMap { latest[$0] }
            guard h.unreadable != before else { return (all, nil, previous) }
            return (all, h.unreadable.map { "source \(h.source) ✗ \($0)" } ?? "source \(h.source) readable again", previous)
        }
    }
}
