import ArgumentParser
import Foundation
import VigilActions

enum LedgerCommandRunner {
    static func show(path: String, json: Bool) throws {
        guard FileManager.default.fileExists(atPath: path) else { fail("no ledger at \(path)") }
        let ledger: DecisionLedger
        let records: [LedgerRecord]
        do {
            ledger = try DecisionLedger(path: path)
            records = try ledger.records()
        } catch { fail("cannot read the ledger \(path): \(error)") }
        print(json ? DecisionLedger.renderJSON(records: records) : DecisionLedger.render(records: records))
    }

    static func verify(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { fail("no ledger at \(path)") }
        let result = DecisionLedger.verify(path: path)
        print(result.description)
        if !result.ok { throw ExitCode(1) }
    }
}
