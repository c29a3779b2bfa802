import Foundation
import VigilActions
import VigilCore
import VigilWording

/// The decisions and outcomes of a live session, read from its ledger and
/// applied to a replay of its `--record` recording as the replay passes
/// their event times. The replay then ends where the live session did
/// (who decided what, what the actions did, what the verification said), so
/// its post-mortem timeline is the live session's, even after a crash.
///
/// Proposal ids are per process, so a ledger record is matched to the
/// replay's proposal by deployment and action (the title), as the ledger
/// follower matches another process's decision; an outcome follows the
/// decision it belongs to. A record matching nothing is skipped and counted.
final class LedgerScript: @unchecked Sendable {
    private let entries: [(time: EventTime, record: LedgerRecord)]
    private var next = 0
    /// The live session's proposal id -> the replay's.
    private var mapping: [String: String] = [:]
    private(set) var unmatched = 0

    init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("no ledger at \(path): give the ledger of the watch session that made the recording")
        }
        let records: [LedgerRecord]
        do { records = try DecisionLedger(path: path).records() } catch {
            throw CLIError("cannot read the ledger \(path): \(error)")
        }
        var entries: [(EventTime, LedgerRecord)] = []
        for r in records {
            guard let t = parseTimestamp(r.eventTime) else { continue }
            entries.append((t, r))
        }
        // Stable: records of one moment stay in ledger order (decision, then outcome).
        self.entries = entries.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
    }

    /// Applies the records before `time` (a replay calls this before each
    /// record, so a decision follows every record of its own moment);
    /// returns their event-stream lines.
    func apply(before time: EventTime, to engine: Engine) -> [String] {
        apply(while: { $0 < time }, engine)
    }

    /// Applies what is left (decisions after the recording's last record).
    func applyRest(to engine: Engine) -> [String] { apply(while: { _ in true }, engine) }

    private func apply(while due: (EventTime) -> Bool, _ engine: Engine) -> [String] {
        var lines: [String] = []
        while next < entries.count, due(entries[next].time) {
            if let line = apply(entries[next], engine) { lines.append(line) }
            next += 1
        }
        return lines
    }

    private func apply(_ entry: (time: EventTime, record: LedgerRecord), _ engine: Engine) -> String? {
        let r = entry.record
        if r.kind == .decision {
            guard let verdict = Decision.Verdict(rawValue: r.decision),
                  let (local, open) = engine.withCore({ core in
                      core.proposals.last { $0.group == r.group && Wording.title($0) == r.title && $0.outcome == nil }
                          .map { ($0.id, $0.status.isOpen) }
                  }) else { unmatched += 1; return nil }
            mapping[r.proposalID] = local
            let decision = Decision(proposalID: local, verdict: verdict, operatorName: r.operatorName, time: entry.time)
            // An automatic execution is already decided by the core itself.
            if open { engine.apply(decision) }
            return OutputJSON.decisionLine(decision)
        } else if r.kind == .outcome {
            guard let local = mapping[r.proposalID], let o = r.outcome else { unmatched += 1; return nil }
            let outcome = ActionOutcome(proposalID: local, succeeded: o.succeeded, detail: o.detail, time: entry.time)
            engine.apply(outcome)
            return OutputJSON.outcomeLine(outcome)
        }
        // Other records (pages, notes) change nothing in the core.
        return nil
    }
}
