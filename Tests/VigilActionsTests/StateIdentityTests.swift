import Foundation
import Glibc
import Testing
@testable import VigilCore
@testable import VigilActions

/// Proposal numbering continued from a (hostile) ledger, and the one-writer lock.
@Suite struct StateIdentityTests {
    @Test func numberingContinuesPastTheLedgersLargestProposal() throws {
        let dir = try TempDir()
        let ledger = try DecisionLedger(path: dir.file("ledger.jsonl"))
        #expect(try ledger.nextProposalNumber() == 1)
        let t = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10)
        for id in ["P2", "P7", "P3"] {
            try ledger.recordDecision(Decision(proposalID: id, verdict: .rejected, operatorName: "ana", time: t),
                                      proposal: sampleProposal(id: id))
        }
        try ledger.recordNote("flag_file_reset", detail: "test", operatorName: "ana", eventTime: t)
        #expect(try ledger.nextProposalNumber() == 8)
    }

    @Test func aDamagedOrForgedLedgerIsAClearErrorNotACrash() throws {
        let dir = try TempDir()
        let path = try dir.write("torn.jsonl", "{\"not\": \"a record\"}\n")
        #expect {
            try DecisionLedger(path: path).nextProposalNumber()
        } throws: { "\($0)".contains("has an unreadable line") }

        let forged = dir.file("forged.jsonl")
        let ledger = try DecisionLedger(path: forged)
        let t = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10)
        try ledger.recordDecision(Decision(proposalID: "P9223372036854775807", verdict: .rejected, operatorName: "x", time: t),
                                  proposal: sampleProposal(id: "P9223372036854775807"))
        #expect {
            try ledger.nextProposalNumber()
        } throws: { "\($0)".contains("beyond the largest Vigil numbers") }
    }

    @Test func aSecondWriterIsRefusedUntilTheFirstReleases() throws {
        let dir = try TempDir()
        let ledger = dir.file("state/ledger.jsonl")
        let first = try StateLock.acquire(ledger: ledger, purpose: "vigil watch --config a.yaml")
        #expect {
            try StateLock.acquire(ledger: ledger, purpose: "second")
        } throws: { error in
            let text = "\(error)"
            return text.contains("in use by another Vigil process (pid \(getpid()): vigil watch --config a.yaml)")
                && text.contains("--read-only")
        }
        first.release()
        let again = try StateLock.acquire(ledger: ledger, purpose: "third")
        #expect(try dir.read("state/ledger.jsonl.lock") == "pid \(getpid()): third\n")
        again.release()
    }
}
