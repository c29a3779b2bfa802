import Dispatch
import Foundation
import VigilActions
import VigilCore
import VigilIngest
import VigilSystem
import VigilWording

/// Follows a decision ledger shared by several Vigil processes. When another
/// process records a decision, the matching open proposal here (same
/// deployment, same action) takes that decision, so this screen shows
/// "confirmed by NAME at TIME" and refuses to decide it again.
///
/// Proposal ids are per process (each numbers its own), so proposals are
/// matched by deployment and action, which the same policy on the same data
/// derives identically. The deployment is what identifies the problem: the
/// core keeps at most one open proposal per deployment (later failing
/// signals add evidence to it), and which signal leads it can differ between
/// processes that saw the failures in another order, so the signal is not
/// matched. Matching the action (the title) too means a decision is only
/// taken over for a proposal of the same response.
public final class LedgerFollower: @unchecked Sendable {
    private let ledger: DecisionLedger
    private let engine: Engine
    private let queue = DispatchQueue(label: "vigil.ledger-follower")
    private var watcher: FileWatcher?
    private var offset: UInt64 = 0
    private let own: OwnRecords
    /// Foreign proposal id -> local proposal id, for matching outcomes.
    private var mapping: [String: String] = [:]
    private let notice: @Sendable (String) -> Void

    init(ledger: DecisionLedger, engine: Engine, own: OwnRecords, notice: @escaping @Sendable (String) -> Void) {
        self.ledger = ledger; self.engine = engine; self.own = own; self.notice = notice
    }

    /// Starts from the current end: history from earlier sessions names
    /// proposals this process never made.
    public func start() {
        queue.async {
            self.offset = (try? self.ledger.records(after: 0).nextOffset) ?? 0
            let w = FileWatcher(path: self.ledger.path, queue: self.queue) { [weak self] in self?.poll() }
            w.start(useInotify: true, pollInterval: 1, safetyInterval: 5)
            self.watcher = w
        }
    }

    public func stop() { queue.sync { watcher?.stop(); watcher = nil } }

    /// Reads new records now (tests call this instead of waiting for inotify).
    public func poll() {
        own.reading {
            guard let (records, next) = try? ledger.records(after: offset) else { return }
            offset = next
            for r in records where !own.containsUnlocked(r.id) { apply(r) }
        }
    }

    private func apply(_ r: LedgerRecord) {
        guard let time = parseTimestamp(r.eventTime) else { return }
        switch r.kind {
        case .decision:
            // An undo takes back a rejection: it matches the rejected proposal.
            guard let verdict = Decision.Verdict(rawValue: r.decision),
                  let local = engine.withCore({ core in
                      core.proposals.last {
                          (verdict == .undone ? $0.status == .rejected : $0.status.isOpen)
                              && $0.group == r.group && Wording.title($0) == r.title
                      }?.id
                  }) else { return }
            mapping[r.proposalID] = local
            engine.apply(Decision(proposalID: local, verdict: verdict, operatorName: r.operatorName, time: time,
                                  snoozedUntil: r.until.flatMap(parseTimestamp), response: r.response))
            notice("\(local) \(r.decision) by \(r.operatorName) at \(time.clock) (in another Vigil)")
        case .escalation, .verification, .note:
            // Pages, verdicts and notes are that process's own (this one's
            // core judges its own actions); its decisions are what carry over.
            return
        case .outcome:
            guard r.escalation == nil, let local = mapping[r.proposalID], let o = r.outcome else { return }
            engine.apply(ActionOutcome(proposalID: local, succeeded: o.succeeded, detail: o.detail, time: time))
        }
    }
}

/// Ids of ledger records this process wrote, so the follower skips them.
final class OwnRecords: @unchecked Sendable {
    private let lock = Lock()
    private var ids: Set<String> = []
    func containsUnlocked(_ id: String) -> Bool { ids.contains(id) }
    /// Reads under the same lock as appends.
    func reading(_ body: () -> Void) { lock.withLock(body) }
    /// Runs an append while holding the lock, so the follower cannot read the
    /// new record before its id is known to be ours.
    func recording(_ body: () throws -> LedgerRecord) rethrows -> LedgerRecord {
        try lock.withLock {
            let r = try body()
            ids.insert(r.id)
            return r
        }
    }
}
