import Foundation
import Glibc
import Testing
import VigilSystem
@testable import VigilCore
@testable import VigilActions

/// What is left after a crash, and what Vigil does with it.
@Suite struct LedgerRecoveryTests {
    let t = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10, minute: 1)

    @Test func killedAfterWriteAheadLeavesAnUnresolvedIntent() throws {
        let dir = try TempDir()
        let path = dir.file("ledger.jsonl")
        let child = try spawnLedgerChild(["VIGIL_LEDGER_CHILD": "crash", "VIGIL_LEDGER_PATH": path, "VIGIL_LEDGER_WRITER": "ana"])
        #expect(ChildProcess.wait(child).signal == SIGKILL)
        let ledger = try DecisionLedger(path: path)
        let open = try ledger.unresolvedIntents()
        #expect(open.map(\.proposalID) == ["P9"])
        #expect(open.first?.intent?.kind == "traffic_shift")
        #expect(DecisionLedger.verify(path: path).ok)
        // The restarted app must not run it again: a second confirmation is refused.
        #expect(throws: LedgerError.self) {
            try ledger.recordDecision(Decision(proposalID: "P9", verdict: .confirmed, operatorName: "bo", time: t),
                                      proposal: sampleProposal(id: "P9"))
        }
        #expect(DecisionLedger.render(records: try ledger.records()).contains("UNRESOLVED"))
        // Once a person has checked, the outcome resolves it.
        try ledger.recordOutcome(intentRecordID: open[0].id, outcome: ActionOutcome(
            proposalID: "P9", succeeded: true, detail: "checked by hand: flag file shows v2 at 0%", time: t))
        #expect(try ledger.unresolvedIntents().isEmpty)
    }

    @Test func tornLastLineIsIgnoredThenDropped() throws {
        let dir = try TempDir()
        let ledger = try DecisionLedger(path: dir.file("ledger.jsonl"))
        try ledger.recordDecision(Decision(proposalID: "P1", verdict: .rejected, operatorName: "ana", time: t), proposal: sampleProposal())
        let fd = open(ledger.path, O_WRONLY | O_APPEND)
        try Posix.writeAll(fd, Array("{\"id\":\"L000002\",\"kind\":\"deci".utf8), path: ledger.path)
        close(fd)
        let v = DecisionLedger.verify(path: ledger.path)
        #expect(v.ok && v.tornTail && v.count == 1)
        #expect(try ledger.records().count == 1)
        let r = try ledger.recordDecision(Decision(proposalID: "P2", verdict: .rejected, operatorName: "ana", time: t),
                                          proposal: sampleProposal(id: "P2"))
        #expect(r.id == "L000002")
        let after = DecisionLedger.verify(path: ledger.path)
        #expect(after.ok && !after.tornTail && after.count == 2)
    }

    @Test func secondConfirmationOfTheSameActionIsRefused() throws {
        let dir = try TempDir()
        let ledger = try DecisionLedger(path: dir.file("ledger.jsonl"))
        let d = Decision(proposalID: "P1", verdict: .confirmed, operatorName: "ana", time: t)
        let first = try ledger.recordDecision(d, proposal: sampleProposal())
        do {
            try ledger.recordDecision(Decision(proposalID: "P1", verdict: .confirmed, operatorName: "bo", time: t), proposal: sampleProposal())
            Issue.record("a second write-ahead of the same action was accepted")
        } catch let e as LedgerError {
            guard case .alreadyRecorded(_, let id, let op, _) = e else { Issue.record("\(e)"); return }
            #expect(id == first.id && op == "ana")
            #expect(e.description.contains("not running it twice"))
        }
        // A different action for the same proposal (an alternative) is a different key.
        let alt = try ledger.recordDecision(.confirmed, proposal: sampleProposal(), operatorName: "ana", eventTime: t,
                                            reason: "canary already at 0%", action: ActionIntent(kind: .rollback, flag: "support-agent.model", variant: "v1", summary: .rollback(flag: "support-agent.model", to: "v1")))
        #expect(alt.intent?.kind == "rollback" && alt.reason == "canary already at 0%")
        #expect(alt.intent?.idempotencyKey != first.intent?.idempotencyKey)
        // Outcomes are recorded once.
        try ledger.recordOutcome(intentRecordID: first.id, outcome: ActionOutcome(proposalID: "P1", succeeded: true, detail: "ok", time: t))
        #expect(throws: LedgerError.self) {
            try ledger.recordOutcome(intentRecordID: first.id, outcome: ActionOutcome(proposalID: "P1", succeeded: true, detail: "ok", time: t))
        }
        #expect(throws: LedgerError.self) {
            try ledger.recordOutcome(intentRecordID: "L000099", outcome: ActionOutcome(proposalID: "P1", succeeded: true, detail: "ok", time: t))
        }
    }

    @Test func idempotencyKeyIgnoresSummaryWording() {
        let a = ActionIntent(kind: .rollback, flag: "f", variant: "v1", summary: .rollback(flag: "f", to: "v1"))
        var b = a
        b.summary = .degrade(flag: "f", to: "v1")
        #expect(LedgerIntent.idempotencyKey(a, proposalID: "P1") == LedgerIntent.idempotencyKey(b, proposalID: "P1"))
        b.variant = "v0"
        #expect(LedgerIntent.idempotencyKey(a, proposalID: "P1") != LedgerIntent.idempotencyKey(b, proposalID: "P1"))
        #expect(LedgerIntent.idempotencyKey(a, proposalID: "P1") != LedgerIntent.idempotencyKey(a, proposalID: "P2"))
    }

    @Test func decidedAndSnoozed() throws {
        let dir = try TempDir()
        let ledger = try DecisionLedger(path: dir.file("ledger.jsonl"))
        try ledger.recordDecision(Decision(proposalID: "P1", verdict: .snoozed, operatorName: "ana", time: t), proposal: sampleProposal())
        #expect(try !ledger.isDecided(proposalID: "P1"))
        try ledger.recordDecision(.expired, proposal: sampleProposal(), operatorName: "vigil", eventTime: t)
        #expect(try ledger.isDecided(proposalID: "P1"))
        #expect(try ledger.unresolvedIntents().isEmpty)
    }

    @Test func tailSeesAnotherInstancesAppends() throws {
        let dir = try TempDir()
        let writer = try DecisionLedger(path: dir.file("ledger.jsonl"))
        let reader = try DecisionLedger(path: dir.file("ledger.jsonl"))
        var (seen, offset) = try reader.records(after: 0)
        #expect(seen.isEmpty && offset == 0)
        try writer.recordDecision(Decision(proposalID: "P1", verdict: .rejected, operatorName: "ana", time: t), proposal: sampleProposal())
        (seen, offset) = try reader.records(after: offset)
        #expect(seen.map(\.id) == ["L000001"])
        // A half-written line is not returned until it is complete.
        let fd = open(writer.path, O_WRONLY | O_APPEND)
        try Posix.writeAll(fd, Array("{\"id\":".utf8), path: writer.path)
        close(fd)
        let before = offset
        (seen, offset) = try reader.records(after: offset)
        #expect(seen.isEmpty && offset == before)
        try writer.recordDecision(Decision(proposalID: "P2", verdict: .rejected, operatorName: "bo", time: t), proposal: sampleProposal(id: "P2"))
        (seen, offset) = try reader.records(after: offset)
        #expect(seen.map(\.proposalID) == ["P2"])
        #expect(throws: LedgerError.self) { try reader.records(after: offset + 1000) }
    }
}
