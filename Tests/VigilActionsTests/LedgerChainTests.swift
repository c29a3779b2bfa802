import Foundation
import Testing
@testable import VigilCore
@testable import VigilActions

/// Tamper evidence: the hash chain and per-line hashes.
@Suite struct LedgerChainTests {
    let t = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10, minute: 1)

    /// Five records: P1..P3 decisions, outcomes for P1 and P3.
    func filled(_ dir: TempDir) throws -> DecisionLedger {
        let ledger = try DecisionLedger(path: dir.file("ledger.jsonl"))
        let d1 = try ledger.recordDecision(Decision(proposalID: "P1", verdict: .confirmed, operatorName: "ana", time: t),
                                           proposal: sampleProposal(id: "P1"))
        try ledger.recordDecision(Decision(proposalID: "P2", verdict: .rejected, operatorName: "bo", time: t),
                                  proposal: sampleProposal(id: "P2"))
        try ledger.recordOutcome(intentRecordID: d1.id, outcome: ActionOutcome(proposalID: "P1", succeeded: true, detail: "ok", time: t))
        let d3 = try ledger.recordDecision(Decision(proposalID: "P3", verdict: .confirmed, operatorName: "ana", time: t),
                                           proposal: sampleProposal(id: "P3"))
        try ledger.recordOutcome(intentRecordID: d3.id, outcome: ActionOutcome(proposalID: "P3", succeeded: false, detail: "no such flag", time: t))
        return ledger
    }

    @Test func intactLedgerVerifies() throws {
        let dir = try TempDir()
        let ledger = try filled(dir)
        let v = DecisionLedger.verify(path: ledger.path)
        #expect(v.ok)
        #expect(v.count == 5)
        let head = try #require(try ledger.head())
        #expect(v.description == "ledger ok: 5 records, hash chain intact, reaches head L000005 (\(head))")
        #expect(try ledger.records().map(\.id) == ["L000001", "L000002", "L000003", "L000004", "L000005"])
    }

    /// Flipping one byte inside any line's content is reported at that line.
    @Test(arguments: 0..<5) func oneByteTamperIsReportedAtThatRecord(line: Int) throws {
        let dir = try TempDir()
        let ledger = try filled(dir)
        var lines = try dir.read("ledger.jsonl").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // "ana" → "anb" or "bo" → "bp": a one-byte change that stays valid JSON.
        let edited = lines[line].replacingOccurrences(of: "\"operatorName\":\"ana\"", with: "\"operatorName\":\"anb\"")
            .replacingOccurrences(of: "\"operatorName\":\"bo\"", with: "\"operatorName\":\"bp\"")
        #expect(edited != lines[line] && edited.utf8.count == lines[line].utf8.count)
        lines[line] = edited
        try lines.joined(separator: "\n").write(toFile: ledger.path, atomically: false, encoding: .utf8)
        let v = DecisionLedger.verify(path: ledger.path)
        #expect(!v.ok)
        #expect(v.brokenIndex == line)
        #expect(v.brokenID == LedgerCodec.id(line + 1))
        #expect(v.count == line)
        #expect(v.reason?.contains("this line was edited") == true)
    }

    @Test func rehashedEditIsCaughtByTheNextLink() throws {
        let dir = try TempDir()
        let ledger = try filled(dir)
        var lines = try dir.read("ledger.jsonl").split(separator: "\n").map { Array($0.utf8)[...] }
        // A careful forger edits line 2 and recomputes its own hash...
        var r = try LedgerCodec.decode(lines[1], line: 2, path: "")
        r.decision = "confirmed"
        lines[1] = try LedgerCodec.sealedLine(r).line[...]
        let text = lines.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n") + "\n"
        try text.write(toFile: ledger.path, atomically: false, encoding: .utf8)
        let v = DecisionLedger.verify(path: ledger.path)
        // ...and line 3's link to it breaks.
        #expect(v.brokenIndex == 2)
        #expect(v.reason?.contains("prevHash") == true)
    }

    @Test func deletedLineIsDetected() throws {
        let dir = try TempDir()
        let ledger = try filled(dir)
        var lines = try dir.read("ledger.jsonl").split(separator: "\n").map(String.init)
        lines.remove(at: 1)
        try (lines.joined(separator: "\n") + "\n").write(toFile: ledger.path, atomically: false, encoding: .utf8)
        let v = DecisionLedger.verify(path: ledger.path)
        #expect(!v.ok)
        #expect(v.brokenIndex == 1)
    }

    @Test func garbageLineIsReported() throws {
        let dir = try TempDir()
        let ledger = try filled(dir)
        var text = try dir.read("ledger.jsonl")
        text.insert(contentsOf: "not json\n", at: text.startIndex)
        try text.write(toFile: ledger.path, atomically: false, encoding: .utf8)
        let v = DecisionLedger.verify(path: ledger.path)
        #expect(v.brokenIndex == 0 && v.brokenID == nil)
        #expect(throws: LedgerError.self) { try ledger.records() }
    }

    @Test func missingFileIsNotOK() {
        let v = DecisionLedger.verify(path: "/nonexistent/vigil/ledger.jsonl")
        #expect(!v.ok)
        #expect(v.reason?.contains("cannot read") == true)
    }

    @Test func renderShowsDecisionsOutcomesAndUnresolved() throws {
        let dir = try TempDir()
        let ledger = try filled(dir)
        try ledger.recordDecision(Decision(proposalID: "P4", verdict: .confirmed, operatorName: "cy", time: t),
                                  proposal: sampleProposal(id: "P4", action: ActionIntent(kind: .rollback, flag: "support-agent.model", variant: "v1", summary: .rollback(flag: "support-agent.model", to: "v1"))))
        let text = DecisionLedger.render(records: try ledger.records())
        #expect(text.contains("L000001 10:01:00  P1 confirmed by ana: shift canary traffic of support-agent.model to 0%\n"))
        #expect(text.contains("        evidence  quality (support-agent) 0.61 vs 0.82 Δ=-0.21 99% CI [-0.26, -0.16] z=6.1 logΛ=16.3/4.6 n=40/400 after support-agent.model v1→v2 at 09:52:00\n"))
        #expect(text.contains("        intent    traffic_shift support-agent.model v1 100% v2 0%  [P1/support-agent.model/"))
        #expect(text.contains("L000002 10:01:00  P2 rejected by bo: "))
        #expect(text.contains("L000003 10:01:00  P1 outcome of L000001: done — ok\n"))
        #expect(text.contains("L000005 10:01:00  P3 outcome of L000004: FAILED — no such flag\n"))
        #expect(text.contains("UNRESOLVED"))
        #expect(text.contains("  L000006 P4 rollback support-agent.model → v1\n"))
        let json = DecisionLedger.renderJSON(records: try ledger.records())
        let decoded = try JSONDecoder().decode([LedgerRecord].self, from: Data(json.utf8))
        #expect(decoded == (try ledger.records()))
        #expect(DecisionLedger.render(records: []) == "ledger is empty\n")
    }
}
