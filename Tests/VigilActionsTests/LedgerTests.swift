import Crypto
import Foundation
import Testing
import VigilTestSupport
@testable import VigilCore
@testable import VigilActions

@Suite struct LedgerTests {
    let t = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10, minute: 1)

    /// Pages: written ahead with a key that refuses a second send, shown by
    /// `ledger show`, listed as unresolved until the hook reports.
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

    @Test func createsFile0600InMissingDirectory() throws {
        let dir = try TempDir()
        let ledger = try DecisionLedger(path: dir.file("state/sub/ledger.jsonl"))
        #expect(FileManager.default.fileExists(atPath: ledger.path))
        #expect(mode(of: ledger.path) == 0o600)
        #expect(try ledger.records().isEmpty)
    }

    @Test func writeAheadThenOutcome() throws {
        let dir = try TempDir()
        // The wall time comes from the ledger's clock, not the event's.
        let wall = ManualClock(1_771_063_302_500)
        let ledger = try DecisionLedger(path: dir.file("ledger.jsonl"), wallClock: { wall.now })
        let p = sampleProposal()
        let d = try ledger.recordDecision(Decision(proposalID: "P1", verdict: .confirmed, operatorName: "ana", time: t),
                                          proposal: p)
        #expect(d.wallTime == "2026-02-14T10:01:42.500Z")
        #expect(d.id == "L000001")
        #expect(d.kind == .decision)
        #expect(d.decision == "confirmed")
        #expect(d.eventTime == "2026-02-14T10:01:00.000Z")
        #expect(d.prevHash == String(repeating: "0", count: 64))
        #expect(d.evidence.count == 1 && d.evidence[0].statistic == "Δ=-0.21 99% CI [-0.26, -0.16] z=6.1 logΛ=16.3/4.6")
        let key = try #require(d.intent?.idempotencyKey)
        #expect(key.hasPrefix("P1/support-agent.model/"))
        #expect(try ledger.unresolvedIntents().map(\.id) == ["L000001"])
        #expect(try ledger.hasOutcome(idempotencyKey: key) == false)
        #expect(try ledger.isDecided(proposalID: "P1"))

        wall.advance(400)
        let o = try ledger.recordOutcome(intentRecordID: d.id, outcome: ActionOutcome(
            proposalID: "P1", succeeded: true, detail: "support-agent.model: v2 10% → 0%", time: t.adding(.seconds(1))))
        #expect(o.wallTime == "2026-02-14T10:01:42.900Z")
        #expect(o.id == "L000002")
        #expect(o.intentRecordID == "L000001")
        #expect(o.outcome?.idempotencyKey == key)
        #expect(try ledger.unresolvedIntents().isEmpty)
        #expect(try ledger.hasOutcome(idempotencyKey: key))
        let lines = try dir.read("ledger.jsonl").split(separator: "\n")
        #expect(lines.count == 2)
        #expect(o.prevHash == SHA256.hex(Array(lines[0].utf8)))
        #expect(try ledger.records() == [d, o])
    }

    @Test func rejectionHasNoIntent() throws {
        let dir = try TempDir()
        let ledger = try DecisionLedger(path: dir.file("ledger.jsonl"))
        let r = try ledger.recordDecision(Decision(proposalID: "P1", verdict: .rejected, operatorName: "ana", time: t),
                                          proposal: sampleProposal())
        #expect(r.intent == nil)
        #expect(try ledger.unresolvedIntents().isEmpty)
    }
}
