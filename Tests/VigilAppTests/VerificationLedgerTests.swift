import Foundation
import Testing
@testable import VigilActions
@testable import VigilApp
import VigilCore
import VigilTestSupport

/// The verdict on an executed action is in the ledger, once per proposal and
/// verdict, after the outcome it judges; a follow-up it raised names it.
///
/// error-spike-rollback: P1's rollback runs by itself at 15:01:50, the error
/// rate recovers at 15:02:30 (worked), fails again at 15:03:20 with the
/// rollback in force (not working) and P2, an escalation, follows.
@Suite struct VerificationLedgerTests {
    func replay(_ state: String) throws -> (session: Session, lines: [String]) {
        let session = try Session.replay(incident: packageRoot + "/fixtures/incidents/error-spike-rollback",
                                         stateDir: state, speed: 0, paused: false, operatorName: "ana")
        let sink = LineSink()
        session.runHeadless { sink.append($0) }
        return (session, sink.lines)
    }

    func verdicts(_ records: [LedgerRecord]) -> [LedgerRecord] { records.filter { $0.kind == .verification } }

    @Test func anActionThatWorkedIsLedgeredAfterItsOutcomeAndStreamed() throws {
        let state = temporaryDirectory("verdict-worked")
        let (session, lines) = try replay(state)
        session.stop()
        let records = try DecisionLedger(path: state + "/ledger.jsonl").records()
        let outcome = try #require(records.first { $0.kind == .outcome && $0.proposalID == "P1" })
        let worked = try #require(verdicts(records).first)
        #expect(worked.proposalID == "P1" && worked.decision == "worked" && worked.verification?.worked == true)
        #expect(worked.eventTime == "2026-02-15T15:02:30.000Z" && worked.signal == "error-rate")
        #expect(worked.verification?.finding == "error-rate recovered at 15:02:30")
        // It judges that outcome's action, and comes after it.
        #expect(worked.verification?.outcomeRecordID == outcome.id)
        #expect(worked.verification?.idempotencyKey == outcome.outcome?.idempotencyKey)
        #expect(records.firstIndex(of: outcome)! < records.firstIndex(of: worked)!)
        #expect(DecisionLedger.verify(path: state + "/ledger.jsonl").ok)
        #expect(DecisionLedger.render(records: records).contains("P1 verified WORKED: error-rate recovered at 15:02:30"))

        let stream = lines.filter { $0.contains(#""type":"verification""#) }
        #expect(stream.first == #"{"at":"2026-02-15T15:02:30.000Z","type":"verification","proposal":"P1","verdict":"worked","detail":"error-rate recovered at 15:02:30"}"#)
        let outcomeLine = try #require(lines.firstIndex { $0.contains(#""type":"outcome""#) })
        #expect(lines.firstIndex(of: stream[0])! > outcomeLine)
    }

    @Test func anActionThatDidNotWorkIsLedgeredAndItsFollowUpNamesIt() throws {
        let state = temporaryDirectory("verdict-not-working")
        let (session, lines) = try replay(state)
        defer { session.stop() }
        // The verdict, then the follow-up it raised, in the stream.
        let notWorking = try #require(lines.firstIndex { $0.contains(#""verdict":"not_working""#) })
        let followUp = try #require(lines.firstIndex { $0.contains(#""follow_up_of":"P1""#) })
        #expect(notWorking < followUp, "\(lines)")

        let done = DispatchSemaphore(value: 0)
        session.desk.decide("P2", .rejected, operatorName: "ana") { done.signal() }
        try awaitSignal(done)
        let records = try DecisionLedger(path: state + "/ledger.jsonl").records()
        let verdict = try #require(verdicts(records).first { $0.decision == "not_working" })
        #expect(verdict.proposalID == "P1" && verdict.verification?.worked == false)
        #expect(verdict.eventTime == "2026-02-15T15:03:20.000Z")
        #expect(verdict.verification?.finding == "error-rate still failing at 15:03:20 with P1's action in force")
        let rejection = try #require(records.first { $0.proposalID == "P2" && $0.kind == .decision })
        #expect(rejection.raisedBy == verdict.id)
        // Records of proposals not raised that way name nothing.
        #expect(records.filter { $0.proposalID == "P1" }.allSatisfy { $0.raisedBy == nil })
        #expect(DecisionLedger.verify(path: state + "/ledger.jsonl").ok)
        let shown = DecisionLedger.render(records: records)
        #expect(shown.contains("P1 verified NOT WORKING: error-rate still failing at 15:03:20 with P1's action in force"))
        #expect(shown.contains("raised by \(verdict.id): the action before it did not work"))
    }

    @Test func aVerdictIsLedgeredOnceAcrossRestartsAndRepeats() throws {
        let state = temporaryDirectory("verdict-restart")
        let (first, _) = try replay(state)
        let ledger = try DecisionLedger(path: state + "/ledger.jsonl")
        let before = try verdicts(ledger.records())
        #expect(before.map(\.decision) == ["worked", "not_working"])
        // The same verdict handed over again (a repeat, or another writer
        // reaching it) is not written twice.
        let again = CoreOutput.verification(proposalID: "P1", result: .recovered(signal: "error-rate", at: .init(milliseconds: 0)),
                                            at: .init(milliseconds: 0))
        first.handle([again], snapshot: nil, synchronously: true, print: nil)
        #expect(try verdicts(ledger.records()) == before)
        first.stop()

        // A second run on the state directory numbers on from the ledger:
        // its verdicts are its own proposals', each once.
        try replay(state).session.stop()
        let all = try verdicts(ledger.records())
        #expect(all.count == 4)
        #expect(Set(all.map { "\($0.proposalID) \($0.decision)" }).count == all.count)
        #expect(all.prefix(2) == before[...])
        #expect(!all.dropFirst(2).contains { $0.proposalID == "P1" })
        #expect(DecisionLedger.verify(path: state + "/ledger.jsonl").ok)
    }
}
