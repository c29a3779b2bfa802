import Dispatch
import Foundation
import VigilActions
import VigilCore
import VigilSystem
import VigilWording

/// Turns a person's key press (or a policy's expired countdown) into a
/// recorded decision and, when it runs an action, into exactly one action.
///
/// Order, always: check the proposal is still undecided → write the decision
/// and intent to the ledger and fsync → tell the core → run the action →
/// write the outcome and fsync → tell the core. A crash between the two
/// writes leaves an intent without outcome, shown on the next start; the
/// ledger refuses a second intent with the same idempotency key, so the
/// action is never run twice (docs/operations.md).
public final class DecisionDesk: @unchecked Sendable {
    public typealias Notice = @Sendable (String) -> Void

    private let engine: Engine
    /// Not optional: no decision acts on the world before it is on disk.
    private let ledger: DecisionLedger
    private let flagFile: String?
    private let hooks: [ResponseKind: [String]]
    /// Hooks the escalation ladder's steps name (`hook: page-secondary`).
    private let namedHooks: [String: [String]]
    /// Where hooks run: the policy file's folder.
    private let hookDirectory: String?
    private let readOnly: Bool
    private let actions = DispatchQueue(label: "vigil.actions")
    /// Escalation hooks page people and may be slow; they must not hold up
    /// a confirmation waiting on the actions queue.
    private let escalations = DispatchQueue(label: "vigil.escalations")
    private let notice: Notice
    private let lock = Lock()
    private var inFlight: Set<String> = []
    private var activity: (@Sendable () -> Void)?
    /// When this desk rejected each proposal (monotonic), for undo.
    private var rejections: [String: (record: String, at: UInt64)] = [:]
    /// The last decision this desk recorded, for a reason given after it.
    private var lastDecision: (record: String, proposalID: String, at: UInt64, explained: Bool)?
    /// A reason given before the decision it explains.
    private var pendingReason: String?
    /// Ids of records this process appends (the ledger follower skips them).
    let own = OwnRecords()
    /// Versions of the flag file this process wrote (the flag-file follower
    /// does not take them for deploys).
    let flagWrites = OwnFlagWrites()

    public init(engine: Engine, ledger: DecisionLedger, flagFile: String?,
                hooks: [ResponseKind: [String]] = [:], namedHooks: [String: [String]] = [:],
                hookDirectory: String? = nil, readOnly: Bool, notice: @escaping Notice) {
        self.engine = engine; self.ledger = ledger; self.flagFile = flagFile; self.hooks = hooks
        self.namedHooks = namedHooks
        self.hookDirectory = hookDirectory
        self.readOnly = readOnly; self.notice = notice
    }

    /// True while an action is running (quitting then asks first).
    public var hasActionInFlight: Bool { lock.withLock { !inFlight.isEmpty } }

    /// `body` runs (outside the desk's lock) each time an action starts or
    /// ends, so whoever shows `hasActionInFlight` can read it again.
    public func observeActivity(_ body: @escaping @Sendable () -> Void) { lock.withLock { activity = body } }

    /// How long after a rejection `undone` may take it back: long enough to
    /// see a mistaken key, short enough that nobody undoes a considered
    /// rejection later by accident (docs/decisions/0025).
    public static let undoWindow = Duration.seconds(5)
    /// A reason typed after a decision explains it when it comes within this
    /// long; later it waits for the next decision.
    public static let reasonWindow = Duration.minutes(2)
    /// Who the ledger names for the end of a snooze.
    public static let snoozeOperator = "vigil:snooze"

    /// A person's decision, carried out on the actions queue. `completion`
    /// runs after the outcome is recorded (tests wait on it). A confirmation
    /// may name another ranked `response` (by its number), and also retries
    /// a failed action; a snooze lasts `snooze` (default 10 minutes).
    public func decide(_ proposalID: String, _ verdict: Decision.Verdict, operatorName: String,
                       snooze: Duration? = nil, response: Int? = nil,
                       completion: (@Sendable () -> Void)? = nil) {
        guard !readOnly else { notice("read-only: decisions are disabled"); completion?(); return }
        guard claim(proposalID) else { notice("\(proposalID) is already being decided"); completion?(); return }
        actions.async {
            defer { self.release(proposalID); completion?() }
            self.decideNow(proposalID, verdict, operatorName, snooze: snooze, response: response)
        }
    }

    /// `:reason TEXT`: explains the decision this desk recorded within
    /// `reasonWindow` and not yet explained (a `reason` ledger record that
    /// amends it), else goes into the next decision's record.
    public func giveReason(_ text: String, operatorName: String, completion: (@Sendable () -> Void)? = nil) {
        guard !readOnly else { notice("read-only: decisions are disabled"); completion?(); return }
        actions.async {
            defer { completion?() }
            let now = DispatchTime.now().uptimeNanoseconds
            let last = self.lock.withLock { self.lastDecision }
            if let last, !last.explained, now - last.at <= UInt64(Self.reasonWindow.milliseconds) * 1_000_000,
               let (found, time) = Optional(self.currentProposal(last.proposalID)), let proposal = found, let time {
                do {
                    let r = try self.own.recording {
                        try self.ledger.recordDecision(.reason, proposal: proposal, operatorName: operatorName,
                                                       eventTime: time, reason: text, amends: last.record)
                    }
                    self.lock.withLock { self.lastDecision?.explained = true }
                    self.notice("reason recorded for \(last.proposalID) (\(r.id), explains \(last.record))")
                } catch {
                    self.notice("reason NOT recorded: \(error)")
                }
                return
            }
            self.lock.withLock { self.pendingReason = text }
            self.notice("reason kept: it goes into the ledger with your next decision")
        }
    }

    /// Reacts to what the core concluded: runs auto-executions and the
    /// escalation ladder's hook. `synchronously` (headless replay) finishes
    /// before returning so the event stream stays in causal order.
    public func handle(_ output: CoreOutput, synchronously: Bool, print: (@Sendable (String) -> Void)? = nil) {
        let work: @Sendable () -> Void
        let queue: DispatchQueue
        let key: String
        switch output {
        case .autoExecute(let id, let at):
            (queue, key) = (actions, id)
            work = { self.executeAutomatically(id, at: at, print: print) }
        case .escalation(let page):
            (queue, key) = (escalations, "escalate \(page.proposalID) \(page.step) \(page.hook ?? "")")
            work = { self.send(page, print: print) }
        case .snoozeEnded(let id, let at):
            (queue, key) = (actions, "snooze " + id)
            work = { self.recordSnoozeEnd(id, at: at) }
        case .verification(let id, let result, let at):
            // On the actions queue: after the outcome of the action it judges.
            (queue, key) = (actions, "verify " + id)
            work = { self.recordVerdict(id, result, at: at) }
        default:
            return
        }
        if readOnly { return }
        // Counted as in flight, so quitting asks first while it runs.
        _ = claim(key)
        let tracked: @Sendable () -> Void = { work(); self.release(key) }
        if synchronously { queue.sync(execute: tracked) } else { queue.async(execute: tracked) }
    }

    // MARK: Steps

    private func decideNow(_ proposalID: String, _ verdict: Decision.Verdict, _ operatorName: String,
                           snooze: Duration?, response: Int?) {
        let (found, now) = currentProposal(proposalID)
        guard let proposal = found, let time = now else { notice("\(proposalID): no such proposal"); return }
        if let refusal = refusal(verdict, proposal, response: response) { notice(refusal); return }
        let decision = Decision(proposalID: proposalID, verdict: verdict, operatorName: operatorName, time: time,
                                snoozedUntil: verdict == .snoozed ? time.adding(snooze ?? Decision.defaultSnooze) : nil,
                                response: verdict == .confirmed ? response : nil)
        let reason = verdict == .undone ? nil : lock.withLock { () -> String? in defer { pendingReason = nil }; return pendingReason }
        let amends = verdict == .undone ? lock.withLock { rejections[proposalID]?.record } : nil
        guard let record = writeAhead(decision, proposal, reason: reason, amends: amends) else {
            if let reason { lock.withLock { pendingReason = reason } }
            return
        }
        let at = DispatchTime.now().uptimeNanoseconds
        lock.withLock {
            lastDecision = (record.id, proposalID, at, reason != nil)
            if verdict == .rejected { rejections[proposalID] = (record.id, at) } else { rejections[proposalID] = nil }
        }
        engine.apply(decision)
        switch verdict {
        case .confirmed:
            // The core now holds the chosen response as the action to run.
            let chosen = currentProposal(proposalID).0 ?? proposal
            carryOut(chosen, intentRecord: record, at: time, print: nil)
        case .snoozed:
            let until = decision.snoozedUntil.map { " until \($0.clock)" } ?? ""
            notice("\(proposalID) snoozed by \(operatorName)\(until); its countdowns are paused")
        case .undone:
            notice("\(proposalID) rejection undone by \(operatorName): open again")
        case .rejected, .autoExecuted:
            notice("\(proposalID) \(verdict.rawValue) by \(operatorName)")
        }
    }

    /// Why `verdict` cannot be taken on `proposal` now; nil when it can.
    private func refusal(_ verdict: Decision.Verdict, _ p: Proposal, response: Int?) -> String? {
        let by = p.decidedBy.map { " by \($0)" } ?? ""
        let at = p.decidedAt.map { " at \($0.clock)" } ?? ""
        let already = "\(p.id) is already \(p.status.rawValue)\(by)\(at)"
        switch verdict {
        case .confirmed, .autoExecuted:
            if let n = response, !(1...max(1, p.responses.count)).contains(n) {
                return "\(p.id) has no response \(n) (1–\(p.responses.count))"
            }
            // A failed action may be tried again, or another response instead.
            return p.status.isOpen || p.status == .failed ? nil : already
        case .rejected, .snoozed:
            return p.status.isOpen ? nil : already
        case .undone:
            guard p.status == .rejected else { return "\(p.id) is \(p.status.rawValue): no rejection to undo" }
            let undoable = lock.withLock { () -> Bool in
                guard let r = rejections[p.id] else { return false }
                return DispatchTime.now().uptimeNanoseconds - r.at <= UInt64(Self.undoWindow.milliseconds) * 1_000_000
            }
            return undoable ? nil : "\(p.id)'s rejection can no longer be undone (only within \(Self.undoWindow) of it, from this screen)"
        }
    }

    /// A snooze ran out: the ledger says so (the core has put it back).
    private func recordSnoozeEnd(_ id: String, at time: EventTime) {
        guard let proposal = currentProposal(id).0 else { return }
        do {
            _ = try own.recording {
                try ledger.recordDecision(.snoozeEnded, proposal: proposal, operatorName: Self.snoozeOperator, eventTime: time)
            }
        } catch {
            notice("the end of \(id)'s snooze could not be recorded: \(error)")
        }
        notice("\(id) snooze ended: back in the queue, its countdowns running again")
    }

    /// The verdict on an executed action: the ledger holds it, fsync'd, so
    /// the review reads whether the action worked, and the follow-up it
    /// raised names it. Once per proposal and verdict (another process or a
    /// restart that reaches the same verdict is refused by the ledger).
    private func recordVerdict(_ id: String, _ result: VerificationResult, at time: EventTime) {
        do {
            if let proposal = currentProposal(id).0 {
                _ = try own.recording { try ledger.recordVerification(result, proposal: proposal, at: time) }
            } else {
                // An action an earlier run executed: its proposal is only in the ledger.
                _ = try own.recording { try ledger.recordVerification(result, earlierProposal: id, at: time) }
                notice("\(id) (before the restart): \(Wording.verification(result))")
            }
        } catch LedgerError.alreadyRecorded {
            return
        } catch {
            notice("the verdict on \(id)'s action could not be recorded: \(error)")
        }
    }

    private func executeAutomatically(_ id: String, at: EventTime, print: (@Sendable (String) -> Void)?) {
        let (found, _) = currentProposal(id)
        guard let proposal = found, proposal.decidedBy == Governor.autoOperator, proposal.outcome == nil else { return }
        let decision = Decision(proposalID: id, verdict: .autoExecuted, operatorName: Governor.autoOperator, time: at)
        guard let intentRecord = writeAhead(decision, proposal) else { return }
        print?(OutputJSON.decisionLine(decision))
        carryOut(proposal, intentRecord: intentRecord, at: at, print: print)
    }

    /// Sends one page (or its resolve) through its hook, written ahead: the
    /// ledger has the page, fsync'd, before the hook runs, and its outcome
    /// after. Without a hook the page is still ledgered, as not sent.
    private func send(_ page: EscalationPage, print: (@Sendable (String) -> Void)?) {
        let id = page.proposalID
        guard let proposal = currentProposal(id).0 else { return }
        let argv = page.hook.map { namedHooks[$0] } ?? hooks[.escalate]
        // The head the pager keeps is the ledger's before this page: its own
        // record holds the wall clock, and a replay's pages must read the
        // same on every run.
        let head = try? ledger.head()
        let record: LedgerRecord
        do { record = try own.recording { try ledger.recordPage(page, proposal: proposal) } } catch {
            notice("NOT SENT: \(id) page \(page.step): \(error)")
            return
        }
        let label = page.event == .trigger ? "escalation hook" : "resolve hook"
        let outcome: ActionOutcome
        if let argv {
            let escalation = LedgerEscalation(page, group: proposal.group)
            let env = ["VIGIL_EVENT": escalation.event, "VIGIL_DEDUP_KEY": escalation.dedupKey,
                       "VIGIL_ESCALATION_STEP": String(page.step), "VIGIL_ESCALATION_HOOK": page.hook ?? "escalate"]
            let result = CommandHook(argv: argv, env: env, directory: hookDirectory)
                .run(proposal: proposal, ledgerHead: head)
            outcome = ActionOutcome(proposalID: id, succeeded: result.succeeded, detail: "\(label): \(result.description)", time: page.at)
        } else {
            outcome = ActionOutcome(proposalID: id, succeeded: false, detail: "\(label): none configured, nobody was paged", time: page.at)
        }
        do { _ = try own.recording { try ledger.recordOutcome(intentRecordID: record.id, outcome: outcome) } } catch {
            notice("\(id) page ran but its outcome could not be recorded: \(error)")
        }
        guard argv != nil else { return }
        notice("\(id) \(outcome.detail)")
        print?(OutputJSON.outcomeLine(outcome))
    }

    /// Write-ahead: the decision, and the intent when it runs an action, is
    /// fsync'd before anything acts on it. Nil (and nothing done) when the
    /// ledger refuses: unwritable, or the same action already recorded.
    private func writeAhead(_ decision: Decision, _ proposal: Proposal, reason: String? = nil,
                            amends: String? = nil) -> LedgerRecord? {
        do {
            return try own.recording { try ledger.recordDecision(decision, proposal: proposal, reason: reason, amends: amends) }
        } catch {
            notice("NOT DONE: \(decision.proposalID) \(decision.verdict.rawValue): \(error)")
            return nil
        }
    }

    private func carryOut(_ proposal: Proposal, intentRecord: LedgerRecord, at time: EventTime,
                          print: (@Sendable (String) -> Void)?) {
        let (ok, detail) = perform(proposal)
        let outcome = ActionOutcome(proposalID: proposal.id, succeeded: ok, detail: detail, time: time)
        do { _ = try own.recording { try ledger.recordOutcome(intentRecordID: intentRecord.id, outcome: outcome) } } catch {
            notice("action ran but its outcome could not be recorded: \(error)")
        }
        engine.apply(outcome)
        print?(OutputJSON.outcomeLine(outcome))
        notice("\(proposal.id) \(ok ? "done" : "FAILED"): \(detail)")
    }

    /// Carries out the proposal's action: a hook when one is configured for
    /// its kind, else a flag-file change.
    private func perform(_ p: Proposal) -> (Bool, String) {
        let intent = p.action
        if let argv = hooks[intent.kind] {
            let r = CommandHook(argv: argv, directory: hookDirectory).run(proposal: p, ledgerHead: try? ledger.head())
            return (r.succeeded, "hook \(argv.first ?? "?"): \(r.description)")
        }
        switch intent.kind {
        case .escalate:
            return (true, "escalation recorded; no escalate hook is configured")
        case .rollback, .trafficShift, .degrade, .restrict:
            guard let path = flagFile else { return (false, "no flag_file configured; nothing changed") }
            let writes = flagWrites
            do {
                let detail = try FlagFileAction(path: path).perform(intent, willWrite: { writes.expect($0) })
                writes.settle(written: true)
                return (true, detail)
            } catch {
                writes.settle(written: false)
                return (false, "\(error)")
            }
        }
    }

    /// In a replay, the recording's deploys happen to the replay's copy of the
    /// flag file, in order with Vigil's own actions (same queue). Any other
    /// record changes nothing here.
    public func applyIfDeploy(_ record: Record, synchronously: Bool) {
        guard case .event(let e) = record, case .deploy(let d) = e.kind, let path = flagFile else { return }
        // A flag removed or disabled in a watched flag file: the copy keeps
        // it (there is no variant to pin it to).
        guard d.to != FlagFileState.codeDefault else { return }
        let intent: ActionIntent
        if let w = d.weight, w < 100, let from = d.from {
            intent = ActionIntent(kind: .trafficShift, flag: d.flag, variant: from,
                                  weights: [VariantWeight(from, 100 - w), VariantWeight(d.to, w)],
                                  summary: .recordedDeploy(flag: d.flag, to: d.to, percent: w))
        } else {
            intent = ActionIntent(kind: .rollback, flag: d.flag, variant: d.to,
                                  summary: .recordedDeploy(flag: d.flag, to: d.to, percent: nil))
        }
        let work: @Sendable () -> Void = {
            do { _ = try FlagFileAction(path: path).perform(intent) } catch {
                self.notice("recorded deploy of \(d.flag) not applied to the replay's flag file: \(error)")
            }
        }
        if synchronously { actions.sync(execute: work) } else { actions.async(execute: work) }
    }

    private func currentProposal(_ id: String) -> (Proposal?, EventTime?) {
        engine.withCore { core in (core.proposal(id), core.now) }
    }

    private func claim(_ id: String) -> Bool {
        let (claimed, observer) = lock.withLock { (inFlight.insert(id).inserted, activity) }
        if claimed { observer?() }
        return claimed
    }

    private func release(_ id: String) {
        let (released, observer) = lock.withLock { (inFlight.remove(id) != nil, activity) }
        if released { observer?() }
    }
}
