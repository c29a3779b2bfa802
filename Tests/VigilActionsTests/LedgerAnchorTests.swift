import Foundation
import Glibc
import Testing
import VigilSystem
@testable import VigilCore
@testable import VigilActions

/// The end of the ledger is anchored: lines cut off the end (a valid chain
/// on its own) are found against the checkpoint or a head kept elsewhere.
@Suite struct LedgerAnchorTests {
    let t = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10, minute: 1)

    func threeRecords(_ dir: TempDir) throws -> (DecisionLedger, [LedgerRecord]) {
        let ledger = try DecisionLedger(path: dir.file("ledger.jsonl"))
        let d1 = try ledger.recordDecision(Decision(proposalID: "P1", verdict: .confirmed, operatorName: "ana", time: t),
                                           proposal: sampleProposal(id: "P1"))
        let d2 = try ledger.recordDecision(Decision(proposalID: "P2", verdict: .rejected, operatorName: "bo", time: t),
                                           proposal: sampleProposal(id: "P2"))
        let o1 = try ledger.recordOutcome(intentRecordID: d1.id,
                                          outcome: ActionOutcome(proposalID: "P1", succeeded: true, detail: "ok", time: t))
        return (ledger, [d1, d2, o1])
    }

    /// Drops the last `n` lines, keeping a valid chain.
    func cut(_ path: String, lines n: Int) throws {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropLast(n)
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
    }

    @Test func everyAppendLeavesAPrivateCheckpointNamingTheLastRecord() throws {
        let dir = try TempDir()
        let (ledger, records) = try threeRecords(dir)
        let checkpoint = try dir.read("ledger.jsonl.head")
        #expect(checkpoint == "3:\(records[2].hash)\n")
        #expect(mode(of: dir.file("ledger.jsonl.head")) == 0o600)
        #expect(try ledger.head() == LedgerHead(sequence: 3, hash: records[2].hash))
        let v = DecisionLedger.verify(path: ledger.path)
        #expect(v.ok && v.anchoredAt?.sequence == 3, "\(v)")
    }

    @Test func aCutEndIsFoundAgainstTheCheckpoint() throws {
        let dir = try TempDir()
        let (ledger, _) = try threeRecords(dir)
        try cut(ledger.path, lines: 1)
        let v = DecisionLedger.verify(path: ledger.path)
        #expect(!v.ok)
        #expect(v.count == 2)
        #expect(v.reason?.contains("the end was cut") == true, "\(v)")
        #expect(v.description.contains("L000003"), "\(v)")
    }

    @Test func aCutEndIsFoundAgainstAHeadKeptElsewhere() throws {
        let dir = try TempDir()
        let (ledger, records) = try threeRecords(dir)
        let kept = LedgerHead(sequence: 3, hash: records[2].hash)
        // Whoever cut the end also removed the checkpoint.
        try cut(ledger.path, lines: 2)
        unlink(dir.file("ledger.jsonl.head"))
        #expect(DecisionLedger.verify(path: ledger.path).ok, "a chain alone cannot tell")
        let v = DecisionLedger.verify(path: ledger.path, expectedHead: kept)
        #expect(!v.ok && v.reason?.contains("the end was cut") == true, "\(v)")
        // An older head is still reached: the ledger may have grown since.
        #expect(DecisionLedger.verify(path: ledger.path, expectedHead: LedgerHead(sequence: 1, hash: records[0].hash)).ok)
    }

    @Test func aRewrittenEndIsFound() throws {
        let dir = try TempDir()
        let (ledger, records) = try threeRecords(dir)
        let kept = LedgerHead(sequence: 3, hash: records[2].hash)
        try cut(ledger.path, lines: 1)
        // A different third record, properly chained: only the head shows it.
        try ledger.recordOutcome(intentRecordID: records[0].id,
                                 outcome: ActionOutcome(proposalID: "P1", succeeded: false, detail: "forged", time: t))
        let v = DecisionLedger.verify(path: ledger.path, expectedHead: kept)
        #expect(!v.ok && v.brokenID == "L000003" && v.reason?.contains("rewritten") == true, "\(v)")
    }

    @Test func headTextRoundTripsAndRejectsJunk() {
        let h = LedgerHead(sequence: 12, hash: String(repeating: "ab", count: 32))
        #expect(LedgerHead(h.description) == h)
        for bad in ["", "12", "0:\(h.hash)", "x:\(h.hash)", "12:\(h.hash.uppercased())", "12:abc", "-1:\(h.hash)",
                    "99999999999999999999:\(h.hash)"] {
            #expect(LedgerHead(bad) == nil, "\(bad)")
        }
    }

    @Test func hooksCarryTheHead() throws {
        let head = LedgerHead(sequence: 4, hash: String(repeating: "0f", count: 32))
        #expect(CommandHook.json(for: sampleProposal(), ledgerHead: head).contains(#""ledger_head":"4:0f0f"#))
        let r = CommandHook(argv: ["printenv", "VIGIL_LEDGER_HEAD"]).run(proposal: sampleProposal(), ledgerHead: head)
        #expect(r.succeeded && r.outputHead == head.description + "\n", "\(r)")
    }

    @Test func looseLedgerPermissionsAreTightenedWithAMessage() throws {
        let dir = try TempDir()
        let (ledger, _) = try threeRecords(dir)
        chmod(ledger.path, 0o644)
        let heard = Heard()
        let reopened = try DecisionLedger(path: ledger.path, notice: { heard.add($0) })
        #expect(mode(of: reopened.path) == 0o600)
        #expect(heard.messages.count == 1 && heard.messages[0].contains("had mode 0644; tightened to 0600"), "\(heard.messages)")
        _ = try DecisionLedger(path: ledger.path, notice: { heard.add($0) })
        #expect(heard.messages.count == 1, "a private ledger is opened quietly")
    }
}

final class Heard: @unchecked Sendable {
    private let lock = Lock()
    private var list: [String] = []
    func add(_ m: String) { lock.withLock { list.append(m) } }
    var messages: [String] { lock.withLock { list } }
}

/// A flag file replaced by a FIFO or a directory: the action fails at once
/// with what is there, instead of blocking on the open forever.
@Suite struct FlagFileFaultTests {
    @Test func aFIFOOrDirectoryInPlaceOfTheFlagFileFailsWithAReason() throws {
        let dir = try TempDir()
        let intent = ActionIntent(kind: .rollback, flag: "m", variant: "a", summary: .rollback(flag: "m", to: "a"))
        #expect(mkfifo(dir.file("fifo.json"), 0o600) == 0)
        #expect(mkdir(dir.file("dir.json"), 0o700) == 0)
        for (name, what) in [("fifo.json", "a FIFO"), ("dir.json", "a directory")] {
            do {
                _ = try FlagFileAction(path: dir.file(name)).perform(intent)
                Issue.record("\(name) was edited")
            } catch {
                #expect("\(error)".contains("\(what), not a regular file"), "\(error)")
            }
        }
    }
}
