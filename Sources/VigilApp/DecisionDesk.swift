import Dispatch
import Foundation
import VigilActions
import VigilCore

/// Turns a person's key press (or an expired countdown) into a recorded
/// decision and, when confirmed, into exactly one action.
///
/// Order, always: check the proposal is still pending → write the decision
/// and intent to the ledger and fsync → tell the core → run the action →
/// write the outcome and fsync → tell the core. A crash between the two
/// writes leaves an intent without outcome, shown on the next start; the
/// action is never run twice (docs/operations.md).
public final class DecisionDesk: @unchecked Sendable {
    public typealias Notice = @Sendable (String) -> Void

    private let engine: Engine
    private let ledger: DecisionLedger?
    private let flagFile: String?
    private let hooks: [ResponseKind: [String]]
    private let readOnly: Bool
    private let actions = DispatchQueue(label: "vigil.actions")
    private let notice: Notice
    private let lock = NSLock()
    private var inFlight: Set<String> = []

    public init(engine: Engine, ledger: DecisionLedger?, flagFile: String?,
                hooks: [ResponseKind: [String]] = [:], readOnly: Bool, notice: @escaping Notice) {
        self.engine = engine; self.ledger = ledger; self.flagFile = flagFile; self.hooks = hooks
        self.readOnly = readOnly; self.notice = notice
    }

    /// True while an action is running (quitting then asks first).
    public var hasActionInFlight: Bool { lock.withLock { !inFlight.isEmpty } }

    /// Records a decision on a proposal; runs its action when it is confirmed.
    /// `completion` is called after the outcome is recorded (tests wait on it).
    public func decide(_ proposalID: String, _ verdict: Decision.Verdict, operatorName: String,
                       completion: (@Sendable () -> Void)? = nil) {
        guard !readOnly else { notice("read-only: decisions are disabled"); completion?(); return }
        let claimed = lock.withLock { inFlight.insert(proposalID).inserted }
        guard claimed else { notice("\(proposalID) is already being decided"); completion?(); return }
        actions.async {
            defer {
                _ = self.lock.withLock { self.inFlight.remove(proposalID) }
                completion?()
            }
            self.run(proposalID, verdict, operatorName)
        }
    }

    private func run(_ proposalID: String, _ verdict: Decision.Verdict, _ operatorName: String) {
        let (found, now) = engine.withCore { core -> (Proposal?, EventTime?) in
            let s = core.snapshot()
            return (s.proposals.first { $0.id == proposalID }, s.eventTime)
        }
        guard let proposal = found, let time = now else { notice("\(proposalID): no such proposal"); return }
        guard proposal.status == .pending || (proposal.status == .snoozed && verdict != .snoozed)
                || (proposal.status == .escalated && verdict != .snoozed) else {
            let by = proposal.decidedBy.map { " by \($0)" } ?? ""
            let at = proposal.decidedAt.map { " at \($0.clock)" } ?? ""
            notice("\(proposalID) is already \(proposal.status.rawValue)\(by)\(at)")
            return
        }
        let decision = Decision(proposalID: proposalID, verdict: verdict, operatorName: operatorName, time: time)
        var intentRecord: LedgerRecord?
        if let ledger {
            do {
                intentRecord = try ledger.recordDecision(decision, proposal: proposal)
            } catch {
                notice("NOT DONE: could not write the ledger (\(error)); nothing was changed")
                return
            }
        }
        engine.apply(decision)
        guard verdict == .confirmed || verdict == .autoExecuted else {
            notice("\(proposalID) \(verdict.rawValue) by \(operatorName)")
            return
        }
        let (ok, detail) = perform(proposal)
        let outcome = ActionOutcome(proposalID: proposalID, succeeded: ok, detail: detail,
                                    time: engine.snapshot().eventTime ?? time)
        if let ledger, let rec = intentRecord {
            do { try ledger.recordOutcome(intentRecordID: rec.id, outcome: outcome) } catch {
                notice("action ran but its outcome could not be recorded: \(error)")
            }
        }
        engine.apply(outcome)
        notice("\(proposalID) \(ok ? "done" : "FAILED"): \(detail)")
    }

    /// Carries out the proposal's action: a flag-file change, or a hook.
    private func perform(_ p: Proposal) -> (Bool, String) {
        let intent = p.action
        if let argv = hooks[intent.kind] {
            return HookRunner.run(argv: argv, proposal: p)
        }
        switch intent.kind {
        case .escalate:
            return (true, "escalation recorded; no hook configured for escalate")
        case .rollback, .trafficShift, .degrade, .restrict:
            guard let path = flagFile else { return (false, "no flag_file configured; nothing changed") }
            do {
                return (true, try FlagFileAction(path: path).perform(intent))
            } catch {
                return (false, "\(error)")
            }
        }
    }
}
