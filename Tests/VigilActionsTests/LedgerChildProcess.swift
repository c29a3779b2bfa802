import Foundation
import Glibc
import Testing
import VigilTestSupport
@testable import VigilCore
@testable import VigilActions
import VigilSystem

/// Cross-process tests re-run this very test binary as a child, filtered to
/// `ledgerChild`, with the job in environment variables. That exercises the
/// real DecisionLedger code in a separate process (separate address space,
/// separate file descriptions, real flock contention), which a Python stand-in
/// could not. It runs only in such a child (VIGIL_LEDGER_CHILD set); in the
/// parent's own run it is skipped, not passed vacuously.
@Test(.enabled(if: ProcessInfo.processInfo.environment["VIGIL_LEDGER_CHILD"] != nil,
               "runs only as the child of a cross-process ledger test"))
func ledgerChild() throws {
    let env = ProcessInfo.processInfo.environment
    let mode = try #require(env["VIGIL_LEDGER_CHILD"])
    let path = try #require(env["VIGIL_LEDGER_PATH"])
    let writer = env["VIGIL_LEDGER_WRITER"] ?? "w"
    let count = Int(env["VIGIL_LEDGER_COUNT"] ?? "") ?? 1
    let ledger = try DecisionLedger(path: path)
    let t = EventTime.utc(year: 2026, month: 2, day: 14, hour: 11)
    switch mode {
    case "append":
        // Say so, then wait for the go signal, so the writers really overlap.
        if let ready = env["VIGIL_LEDGER_READY"] {
            #expect(FileManager.default.createFile(atPath: ready, contents: nil))
        }
        if let go = env["VIGIL_LEDGER_GO"] {
            try #require(eventually(within: 60, pollEvery: 0.001) { access(go, F_OK) == 0 }, "no go signal")
        }
        for i in 0..<count {
            let id = "\(writer)-\(i)"
            try ledger.recordDecision(Decision(proposalID: id, verdict: .confirmed, operatorName: writer, time: t),
                                      proposal: sampleProposal(id: id))
            if i == count / 2 {
                // Every writer tries to confirm the same proposal once.
                do {
                    try ledger.recordDecision(Decision(proposalID: "SHARED", verdict: .confirmed, operatorName: writer, time: t),
                                              proposal: sampleProposal(id: "SHARED"))
                } catch LedgerError.alreadyRecorded {}
            }
        }
        // Every one of this writer's decisions is in the file, whatever the others wrote meanwhile.
        let mine = try ledger.records().filter { $0.operatorName == writer && $0.proposalID.hasPrefix("\(writer)-") }
        #expect(mine.count == count)
    case "crash":
        // Write ahead, then die as kill -9 would, before the action's outcome.
        try ledger.recordDecision(Decision(proposalID: "P9", verdict: .confirmed, operatorName: writer, time: t),
                                  proposal: sampleProposal(id: "P9"))
        // The intent is on disk before the "action" would run.
        #expect(try ledger.unresolvedIntents().map(\.proposalID) == ["P9"])
        kill(getpid(), SIGKILL)
    default:
        Issue.record("unknown child mode \(mode)")
    }
}

/// Starts the test binary as a `ledgerChild` with `env` added; wait for it
/// with `ChildProcess.wait`.
func spawnLedgerChild(_ env: [String: String]) throws -> pid_t {
    try ChildProcess.start([CommandLine.arguments[0], "--testing-library", "swift-testing", "--filter", "ledgerChild"],
                           environment: ProcessInfo.processInfo.environment.merging(env) { $1 },
                           stdout: .null, stderr: .null)
}
