import Foundation
import Glibc
import Testing
import VigilSystem
import VigilTestSupport
@testable import VigilCore
@testable import VigilActions

/// Two writers on one ledger file: ids stay sequential, the chain intact,
/// nothing lost, and the same action is written ahead only once.
@Suite struct LedgerConcurrencyTests {
    func check(_ path: String, writers: [String], count: Int) throws {
        let v = DecisionLedger.verify(path: path)
        #expect(v.ok, "\(v)")
        let records = try DecisionLedger(path: path).records()
        #expect(records.count == writers.count * count + 1)
        #expect(records.map(\.id) == (1...records.count).map(LedgerCodec.id))
        for w in writers {
            let mine = records.filter { $0.operatorName == w && $0.proposalID != "SHARED" }.map(\.proposalID)
            #expect(mine == (0..<count).map { "\(w)-\($0)" }, "writer \(w) lost or reordered records")
        }
        #expect(records.filter { $0.proposalID == "SHARED" }.count == 1)
    }

    @Test func twoThreadsWithSeparateInstances() async throws {
        let dir = try TempDir()
        let path = dir.file("ledger.jsonl")
        let t = EventTime.utc(year: 2026, month: 2, day: 14, hour: 11)
        let count = 40
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in ["a", "b"] {
                group.addTask {
                    let ledger = try DecisionLedger(path: path)
                    for i in 0..<count {
                        try ledger.recordDecision(Decision(proposalID: "\(w)-\(i)", verdict: .confirmed, operatorName: w, time: t),
                                                  proposal: sampleProposal(id: "\(w)-\(i)"))
                        if i == count / 2 {
                            do {
                                try ledger.recordDecision(Decision(proposalID: "SHARED", verdict: .confirmed, operatorName: w, time: t),
                                                          proposal: sampleProposal(id: "SHARED"))
                            } catch LedgerError.alreadyRecorded {}
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        try check(path, writers: ["a", "b"], count: count)
    }

    @Test func twoProcesses() throws {
        let dir = try TempDir()
        let path = dir.file("ledger.jsonl")
        let go = dir.file("go")
        let count = 40
        let writers = ["p", "q"]
        let children = try writers.map {
            try spawnLedgerChild(["VIGIL_LEDGER_CHILD": "append", "VIGIL_LEDGER_PATH": path, "VIGIL_LEDGER_WRITER": $0,
                                  "VIGIL_LEDGER_COUNT": String(count), "VIGIL_LEDGER_GO": go,
                                  "VIGIL_LEDGER_READY": dir.file("ready-\($0)")])
        }
        // Both writers are up and waiting, so they start together.
        #expect(eventually(within: 60) { writers.allSatisfy { access(dir.file("ready-\($0)"), F_OK) == 0 } },
                "the child writers never got ready")
        #expect(FileManager.default.createFile(atPath: go, contents: nil), "the go file releases the writers")
        for c in children {
            #expect(ChildProcess.wait(c).code == 0, "child writer failed")
        }
        try check(path, writers: ["p", "q"], count: count)
    }
}
