import Foundation
import VigilActions
import VigilCore
import VigilSystem
import VigilUI

/// The one runtime behind `watch`, `replay` and `demo`, with a screen or
/// headless: it owns the engine, the input (live tailers or a recording),
/// the decision desk, the recorder and the stream of dashboard models.
///
/// Whatever the mode, a core output is handled in one place (`handle`), a
/// command is carried out in one place (`perform`), and everything the
/// screen shows (snapshots, source health, notices, a running action)
/// reaches it through `models`. The modes differ only in their input and in
/// where the outputs are printed, so a bug fixed here is fixed for all.
public final class Session: @unchecked Sendable {
    public typealias Sink = @Sendable (String) -> Void

    public let config: VigilConfig
    public let engine: Engine
    public let desk: DecisionDesk
    public let ledger: DecisionLedger
    /// The one stream of dashboard models; the terminal attaches to it.
    public let models: ModelPublisher
    /// Who the ledger names for decisions taken through `perform`.
    public let operatorName: String
    let input: SessionInput
    /// What the post-mortem timeline needs that the final snapshot does not keep.
    let postMortem = PostMortem()
    private let notices: Notices
    private let lock = Lock()
    private var recorder: IncidentRecorder?
    private var started = false
    /// Held while this session may write its ledger (nil: read-only).
    private let stateLock: StateLock?
    /// Headless, where the event stream goes; nil with a screen.
    private var stream: Sink?

    init(config: VigilConfig, ledger: DecisionLedger, flagFile: String?, status: StatusInfo,
         operatorName: String, input: SessionInput, firstProposalNumber: Int = 1,
         unverified: [UnverifiedAction] = [], stateLock: StateLock? = nil) {
        self.config = config
        self.operatorName = operatorName
        self.input = input
        self.stateLock = stateLock
        let engine = Engine(policy: config.policy, firstProposalNumber: firstProposalNumber, unverified: unverified)
        self.engine = engine
        self.ledger = ledger
        var status = status
        status.escalationHook = config.hooks[.escalate].map(Self.hookName)
        let models = ModelPublisher(status: status)
        self.models = models
        let notices = Notices(models: models)
        self.notices = notices
        desk = DecisionDesk(engine: engine, ledger: ledger, flagFile: flagFile, hooks: config.hooks,
                            namedHooks: config.namedHooks, hookDirectory: config.directory,
                            readOnly: status.readOnly, notice: { notices.post($0) })
        // A running action reaches the screen the way everything else does:
        // in the model, re-read whenever an action starts or ends.
        desk.observeActivity { [weak desk] in
            models.update { $0.status.actionInFlight = desk?.hasActionInFlight ?? false }
        }
        if let notice = Self.unresolvedNotice(ledger) ?? Self.unverifiedNotice(unverified) {
            models.update { $0.status.notice = notice }
        }
    }

    /// A hook as the screen names it: the script (not its interpreter),
    /// marked when it only pretends (`--dry-run`).
    static func hookName(_ argv: [String]) -> String {
        let program = argv.first { $0.contains("/") } ?? argv.first ?? "?"
        let name = program.split(separator: "/").last.map(String.init) ?? program
        return argv.contains("--dry-run") ? name + " (dry run)" : name
    }
    /// The policy's warnings as `vigil check` prints them; `watch` and
    /// `replay` print them before the screen opens (the sources screen keeps them).
    public var policyWarnings: [String] { models.current.status.policyWarnings }

    /// The latest notice (an action's outcome or a refusal).
    public var latestNotice: String? { models.current.status.notice }

    /// Records every record the engine applies as an incident folder.
    public func record(into directory: String, policyFile: String) throws {
        let notices = self.notices
        let r = try IncidentRecorder(directory: directory, policyFile: policyFile, flagFile: config.flagFile,
                                     notice: { notices.post($0) })
        lock.withLock { recorder = r }
        engine.tap { r.write($0) }
    }

    /// Starts the input for a screen: snapshots and outputs go through
    /// `handle` to the desk and to `models`.
    public func start() {
        begin(printing: nil)
    }

    /// Stops the input and closes the recording; safe to call twice.
    public func stop() {
        input.stop()
        lock.withLock { () -> IncidentRecorder? in defer { recorder = nil }; return recorder }?.close()
        stateLock?.release()
    }

    /// Runs without a screen, printing the event stream as JSON Lines: a
    /// replay until the recording ends, a live watch until SIGINT or SIGTERM.
    public func runHeadless(print out: @escaping Sink = { Swift.print($0) }) {
        input.runHeadless(self, print: out)
    }

    /// Writes the post-mortem timeline of the session so far: a replay's
    /// (with the incident's onset) or a live watch's (named by its policy).
    public func exportTimeline(to path: String) throws {
        let name = replay?.incident.name ?? (config.policy.name.isEmpty ? "live watch" : "live watch of \(config.policy.name)")
        let md = postMortem.markdown(incident: name, onset: replay?.onset, snapshot: engine.snapshot())
        do { try md.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw CLIError("cannot write the timeline to \(path): \(error.localizedDescription)")
        }
    }

    /// Carries out a command from the screen (or a test): decisions go to
    /// the desk, replay controls to the recording's driver.
    public func perform(_ command: Command) {
        switch command {
        case .confirm(let id): desk.decide(id, .confirmed, operatorName: operatorName)
        case .reject(let id): desk.decide(id, .rejected, operatorName: operatorName)
        case .snooze(let id): desk.decide(id, .snoozed, operatorName: operatorName)
        case .snoozeFor(let id, let seconds):
            desk.decide(id, .snoozed, operatorName: operatorName, snooze: .seconds(Double(seconds)))
        case .choose(let id, let n): desk.decide(id, .confirmed, operatorName: operatorName, response: n)
        case .undo(let id): desk.decide(id, .undone, operatorName: operatorName)
        case .reason(let text): desk.giveReason(text, operatorName: operatorName)
        default: input.perform(command)
        }
    }

    /// Moves a live watch's event time on by its clock (the timer does this
    /// every second; tests call it after moving a fake clock).
    func tick() {
        (input as? LiveInput)?.tick(engine)
    }

    /// Tells the operator something (an action's outcome, a refusal, a
    /// source gone unreadable): on the status line, and echoed when headless.
    func notice(_ message: String) { notices.post(message) }

    /// Headless there is no status line: notices go to `sink` as well.
    func echoNotices(to sink: @escaping Sink) { notices.echo(to: sink) }

    /// What every mode does with what the core concluded: print it (headless),
    /// let the desk act on auto-executions and escalations, show the new
    /// state. `synchronously` (the headless replay) finishes the desk's work
    /// before returning, so the printed stream stays in causal order.
    func handle(_ outputs: [CoreOutput], snapshot: CoreSnapshot?, synchronously: Bool, print: Sink?) {
        postMortem.observe(outputs)
        for o in outputs {
            print?(OutputJSON.line(for: o))
            desk.handle(o, synchronously: synchronously, print: print)
        }
        if let snapshot { models.update { $0.core = snapshot } }
    }

    /// Headless, puts a line that is not a core output (a source's health
    /// changed) into the event stream; with a screen, does nothing.
    func printed(_ line: String) { lock.withLock { stream }?(line) }

    /// Subscribes `handle` to the engine and starts the input (once).
    func begin(printing print: Sink?) {
        guard lock.withLock({ () -> Bool in
            guard !started else { return false }
            started = true
            stream = print
            return true
        }) else { return }
        engine.subscribe(snapshots: print == nil) { [self] update in
            handle(update.outputs, snapshot: update.snapshot, synchronously: false, print: print)
        }
        input.start(self)
    }

    /// Where a session on `ledger` starts numbering proposals: past every
    /// proposal an earlier run recorded. A damaged ledger is a clear error.
    static func firstProposalNumber(_ ledger: DecisionLedger) throws -> Int {
        do { return try ledger.nextProposalNumber() } catch {
            throw CLIError("cannot continue from the ledger \(ledger.path): \(error)")
        }
    }

    /// Says which verdicts this run owes for a stopped run's actions.
    static func unverifiedNotice(_ unverified: [UnverifiedAction]) -> String? {
        guard !unverified.isEmpty else { return nil }
        let ids = unverified.map(\.proposalID).joined(separator: ", ")
        return "verdict owed on \(ids) (executed before the restart): judged once their signals are judged again"
    }

    /// The actions an earlier run on `ledger` executed and did not judge;
    /// a damaged ledger is a clear error.
    static func unverifiedActions(_ ledger: DecisionLedger) throws -> [UnverifiedAction] {
        do { return try ledger.unverifiedActions() } catch {
            throw CLIError("cannot continue from the ledger \(ledger.path): \(error)")
        }
    }

    /// The one-writer lock of a ledger (docs/operations.md, "Restarts and the state directory").
    static func lock(ledger: String, purpose: String) throws -> StateLock {
        do { return try StateLock.acquire(ledger: ledger, purpose: purpose) } catch {
            throw CLIError("\(error)")
        }
    }

    /// After a crash: the confirmed actions whose outcome the ledger does not know.
    static func unresolvedNotice(_ ledger: DecisionLedger) -> String? {
        guard let pending = try? ledger.unresolvedIntents(), !pending.isEmpty else { return nil }
        return "\(pending.count) confirmed action(s) with unknown outcome (\(pending.map(\.id).joined(separator: ", "))): check them, then `vigil ledger resolve \(ledger.path) ID`; they will not be re-run"
    }
}
