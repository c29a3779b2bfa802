import Foundation
import Testing
@testable import VigilCore
@testable import VigilActions

/// Pages in the ledger: written ahead with a key that refuses a second send,
/// shown by `ledger show`, listed as unresolved when the hook never reported.
@Suite struct LedgerEscalationTests {
    let t = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10, minute: 15)

    @Test func aPageIsWrittenAheadOnceAndItsOutcomeCarriesItsFields() throws {
        let dir = try TempDir()
        let ledger = try DecisionLedger(path: dir.file("ledger.jsonl"))
        let p = sampleProposal(id: "P4")
        let page = EscalationPage(proposalID: "P4", at: t, step: 2, hook: "page-secondary", event: .trigger)
        let record = try ledger.recordPage(page, proposal: p)
        #expect(record.kind == .escalation && record.decision == "page")
        #expect(record.escalation == LedgerEscalation(page, group: "support-agent"))
        #expect(record.intent?.idempotencyKey == "P4/escalation/page-2")
        #expect(throws: LedgerError.self) { try ledger.recordPage(page, proposal: p) }
        #expect(try ledger.unresolvedIntents().map(\.id) == [record.id])
        let shown = DecisionLedger.render(records: try ledger.records())
        #expect(shown.contains("P4 page 2 via page-secondary  [vigil-support-agent-P4]"), "\(shown)")
        #expect(shown.contains("UNRESOLVED"))

        let outcome = try ledger.recordOutcome(intentRecordID: record.id,
                                               outcome: ActionOutcome(proposalID: "P4", succeeded: true, detail: "paged", time: t))
        #expect(outcome.escalation == record.escalation)
        #expect(try ledger.unresolvedIntents().isEmpty)

        let resolve = EscalationPage(proposalID: "P4", at: t, step: 2, hook: "page-secondary", event: .resolve(.recovered))
        let resolved = try ledger.recordPage(resolve, proposal: p)
        #expect(resolved.decision == "resolve" && resolved.escalation?.reason == "recovered")
        #expect(resolved.intent?.idempotencyKey == "P4/escalation/resolve/page-secondary")
        #expect(DecisionLedger.verify(path: ledger.path).ok)
    }
}
