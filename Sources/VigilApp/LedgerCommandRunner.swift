import Foundation
import VigilActions
import VigilCore

/// What `vigil ledger` does; each returns the text to print, and throws
/// what to tell the user when the ledger cannot be used.
public enum LedgerCommandRunner {
    public static func show(path: String, json: Bool) throws -> String {
        try requireLedger(path)
        let ledger: DecisionLedger
        let records: [LedgerRecord]
        do {
            ledger = try DecisionLedger(path: path)
            records = try ledger.records()
        } catch { throw CLIError("cannot read the ledger \(path): \(error)") }
        return (json ? DecisionLedger.renderJSON(records: records) : DecisionLedger.render(records: records)) + "\n"
    }

    public static func unresolved(path: String) throws -> String {
        try requireLedger(path)
        let pending: [LedgerRecord]
        let owed: [UnverifiedAction]
        do {
            let ledger = try DecisionLedger(path: path)
            pending = try ledger.unresolvedIntents()
            owed = try ledger.unverifiedActions(limit: .max)
        } catch {
            throw CLIError("cannot read \(path): \(error)")
        }
        var text = pending.isEmpty ? "no action with an unknown outcome\n"
            : "\(pending.count) confirmed action(s) with unknown outcome: check each in the world, then `vigil ledger resolve`:\n"
                + DecisionLedger.render(records: pending)
        if !owed.isEmpty {
            if !text.hasSuffix("\n") { text += "\n" }
            text += "\(owed.count) action(s) done and never judged (a watch stopped before the verdict; the next `vigil watch` on this ledger judges them):\n"
            for a in owed {
                // One line each, whatever the ledger's strings hold.
                text += TextSanitizer.clean("  \(a.proposalID)  \(a.group)  done at \(a.executedAt.iso8601)  for \(a.signals.joined(separator: ", "))") + "\n"
            }
        }
        return text
    }

    public static func resolve(path: String, intent: String, succeeded: Bool, note: String,
                               operatorName: String) throws -> String {
        try requireLedger(path)
        do {
            let ledger = try DecisionLedger(path: path)
            guard let record = try ledger.unresolvedIntents().first(where: { $0.id == intent }) else {
                throw CLIError("\(intent) is not an action with an unknown outcome; see `vigil ledger unresolved \(path)`")
            }
            let time = parseTimestamp(record.eventTime) ?? EventTime(milliseconds: 0)
            let detail = "resolved by \(operatorName) after checking by hand" + (note.isEmpty ? "" : ": \(note)")
            let r = try ledger.recordOutcome(intentRecordID: intent, outcome: ActionOutcome(
                proposalID: record.proposalID, succeeded: succeeded, detail: detail, time: time))
            return "\(r.id): outcome of \(intent) recorded (\(succeeded ? "succeeded" : "failed")); nothing was run\n"
        } catch let e as CLIError { throw e } catch { throw CLIError("\(error)") }
    }

    /// The verification report, and whether the chain is intact (and still
    /// reaches `expectedHead`, `SEQ:HASH`, when given).
    public static func verify(path: String, expectedHead: String? = nil) throws -> (report: String, intact: Bool) {
        var head: LedgerHead?
        if let expectedHead {
            guard let h = LedgerHead(expectedHead) else {
                throw CLIError("--expect-head must be SEQ:HASH, e.g. 7:<64 hex digits>")
            }
            head = h
        }
        try requireLedger(path)
        let result = DecisionLedger.verify(path: path, expectedHead: head)
        return (result.description + "\n", result.ok)
    }

    private static func requireLedger(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError("no ledger at \(path)") }
    }
}
