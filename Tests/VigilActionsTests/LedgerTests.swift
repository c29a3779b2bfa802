import Crypto
import Foundation
import Testing
@testable import VigilCore
@testable import VigilActions

@Suite struct LedgerTests {
    let t = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10, minute: 1)

    @Test func createsFile0600InMissingDirectory() throws {
        let dir = try TempDir()
        let ledger = try DecisionLedger(path: dir.file("state/sub/ledger.jsonl"))
        #expect(FileManager.default.fileExists(atPath: ledger.path))
        #expect(mode(of: ledger.path) == 0o600)
        #expect(try ledger.records().isEmpty)
    }

    @Test func writeAheadThenOutcome() throws {
        let dir = try TempDir()
        let ledger = try DecisionLedger(path: dir.file("ledger.jsonl"))
        let p = sampleProposal()
        let d = try ledger.recordDecision(Decision(proposalID: "P1", verdict: .confirmed, operatorName: "ana", time: t),
                                          proposal: p, wallTime: Date(timeIntervalSince1970: 1_771_063_300))
        #expect(d.id == "L000001")
        #expect(d.kind == .decision)
        #expect(d.decision == "confirmed")
        #expect(d.eventTime == "2026-02-14T10:01:00.000Z")
        #expect(d.prevHash == String(repeating: "0", count: 64))
        #expect(d.evidence.count == 1 && d.evidence[0].statistic == "Δ=-0.21 z=6.1 logΛ=16.3/4.6")
        let key = try #require(d.intent?.idempotencyKey)
        #expect(key.hasPrefix("P1/support-agent.model/"))
        #expect(try ledger.unresolvedIntents().map(\.id) == ["L000001"])
        #expect(try ledger.hasOutcome(idempotencyKey: key) == false)
        #expect(try ledger.isDecided(proposalID: "P1"))

        let o = try ledger.recordOutcome(intentRecordID: d.id, outcome: ActionOutcome(
            proposalID: "P1", succeeded: true, detail: "support-agent.model: v2 10% → 0%", time: t.adding(.seconds(1))))
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
