import ArgumentParser
import Foundation
import VigilActions
import VigilApp
import VigilCore

enum LedgerCommandRunner {
    static func show(path: String, json: Bool) throws {
        guard FileManager.default.fileExists(atPath: path) else { fail("no ledger at \(path)") }
        let ledger: DecisionLedger
        let records: [LedgerRecord]
        do {
            ledger = try DecisionLedger(path: path)
            records = try ledger.records()
        } catch { fail("cannot read the ledger \(path): \(error)") }
        if json { print(DecisionLedger.renderJSON(records: records)) } else { printText(DecisionLedger.render(records: records)) }
    }

    static func unresolved(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { fail("no ledger at \(path)") }
        let pending: [LedgerRecord]
        do { pending = try DecisionLedger(path: path).unresolvedIntents() } catch { fail("cannot read \(path): \(error)") }
        if pending.isEmpty { printText("no action with an unknown outcome"); return }
        printText("\(pending.count) confirmed action(s) with unknown outcome: check each in the world, then `vigil ledger resolve`:")
        printText(DecisionLedger.render(records: pending), terminator: "")
    }

    static func resolve(path: String, intent: String, succeeded: Bool, note: String, operatorName: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { fail("no ledger at \(path)") }
        do {
            let ledger = try DecisionLedger(path: path)
            guard let record = try ledger.unresolvedIntents().first(where: { $0.id == intent }) else {
                fail("\(intent) is not an action with an unknown outcome; see `vigil ledger unresolved \(path)`")
            }
            let time = parseTimestamp(record.eventTime) ?? EventTime(milliseconds: 0)
            let detail = "resolved by \(operatorName) after checking by hand" + (note.isEmpty ? "" : ": \(note)")
            let r = try ledger.recordOutcome(intentRecordID: intent, outcome: ActionOutcome(
                proposalID: record.proposalID, succeeded: succeeded, detail: detail, time: time))
            printText("\(r.id): outcome of \(intent) recorded (\(succeeded ? "succeeded" : "failed")); nothing was run")
        } catch { fail("\(error)") }
    }

    static func verify(path: String, expectedHead: LedgerHead?) throws {
        guard FileManager.default.fileExists(atPath: path) else { fail("no ledger at \(path)") }
        let result = DecisionLedger.verify(path: path, expectedHead: expectedHead)
        printText(result.description)
        if !result.ok { throw ExitCode(1) }
    }
}
