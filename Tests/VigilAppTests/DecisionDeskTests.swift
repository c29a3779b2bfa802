import Foundation
import Testing
@testable import VigilApp
import VigilActions
import VigilCore

/// The desk behind the decision keys: snoozes that end by themselves in a
/// live watch, undo, reasons, retries and other ranked responses, each
/// written to the ledger.
@Suite(.serialized) struct DecisionDeskTests {
    /// A live watch on the fixture with a fake wall clock (the test ticks)
    /// that has proposed P1: roll back, with a 60 s countdown.
    func watch(_ wall: FakeWall, extra: String = "") throws -> (LiveFixture, Session) {
        let f = try LiveFixture(extra: "live_lag: 10s\n" + extra, escalateAfter: "15m", signalKeys: ["auto_after: 60s"])
        let live = try Session.watch(configPath: f.config, fromStart: true, readOnly: false, operatorName: "ana",
                                     monotonicNanos: { wall.read() }, tickSeconds: nil)
        live.start()
        do {
            try f.append(LiveFixture.failure)
            try waitFor(5, "P1") { live.engine.snapshot().proposals.first?.status == .pending }
        } catch { live.stop(); throw error }
        return (f, live)
    }

    func decide(_ s: Session, _ verdict: Decision.Verdict, snooze: Duration? = nil, response: Int? = nil) throws {
        let done = DispatchSemaphore(value: 0)
        s.desk.decide("P1", verdict, operatorName: "ana", snooze: snooze, response: response) { done.signal() }
        try awaitSignal(done)
    }

    func reason(_ s: Session, _ text: String) throws {
        let done = DispatchSemaphore(value: 0)
        s.desk.giveReason(text, operatorName: "ana") { done.signal() }
        try awaitSignal(done)
    }

    func p1(_ s: Session) -> Proposal? { s.engine.snapshot().proposals.first }
    func records(_ f: LiveFixture) throws -> [LedgerRecord] { try DecisionLedger(path: f.ledger).records() }

    @Test func aSnoozeEndsByItselfInALiveWatchWithItsCountdownResumed() throws {
        let wall = FakeWall()
        let (f, live) = try watch(wall)
        defer { live.stop() }
        #expect(p1(live)?.autoExecuteAt != nil)
        try decide(live, .snoozed, snooze: .seconds(30))
        let snoozed = try #require(p1(live))
        #expect(snoozed.status == .snoozed && snoozed.autoExecuteAt == nil)
        #expect(snoozed.paused?.autoExecuteIn == .seconds(60))
        let until = try #require(snoozed.snoozedUntil)
        #expect(try records(f).map(\.decision) == ["snoozed"])
        #expect(try records(f).first?.until == until.iso8601)
        // The feed is silent: event time runs on with the wall clock (10 s lag).
        wall.advance(seconds: 41)
        live.tick()
        try waitFor(5, "the snooze to end") { p1(live)?.status == .pending }
        #expect(p1(live)?.autoExecuteAt == until.adding(.seconds(60)))
        try waitFor(5, "its end in the ledger") { (try? records(f).map(\.decision)) == ["snoozed", "snooze_ended"] }
        #expect(try records(f).last?.operatorName == DecisionDesk.snoozeOperator)
    }

    @Test func aRejectionUndoneAtOnceReopensAndTheLedgerKeepsBoth() throws {
        let (f, live) = try watch(FakeWall())
        defer { live.stop() }
        try decide(live, .rejected)
        #expect(p1(live)?.status == .rejected)
        try decide(live, .undone)
        #expect(p1(live)?.status == .pending && p1(live)?.autoExecuteAt != nil)
        let r = try records(f)
        #expect(r.map(\.decision) == ["rejected", "undone"])
        #expect(r[1].amends == r[0].id)
        #expect(live.latestNotice?.contains("undone") == true)
        // Nothing left to undo.
        try decide(live, .undone)
        #expect(try records(f).count == 2)
    }

    @Test func aReasonExplainsTheLastDecisionOrGoesWithTheNextOne() throws {
        let (f, live) = try watch(FakeWall())
        defer { live.stop() }
        try decide(live, .snoozed)
        try reason(live, "canary is 1% of traffic")
        var r = try records(f)
        #expect(r.map(\.decision) == ["snoozed", "reason"])
        #expect(r[1].reason == "canary is 1% of traffic" && r[1].amends == r[0].id)
        // Already explained: the next reason waits for the next decision.
        try reason(live, "on-call agreed")
        #expect(try records(f).count == 2)
        try decide(live, .rejected)
        r = try records(f)
        #expect(r.map(\.decision) == ["snoozed", "reason", "rejected"])
        #expect(r[2].reason == "on-call agreed")
    }

    @Test func aFailedActionIsRetriedUnderItsKeyThenAnotherResponseIsChosen() throws {
        let (f, live) = try watch(FakeWall(), extra: "hooks:\n  rollback: [\"/bin/false\"]\n")
        defer { live.stop() }
        try decide(live, .confirmed)
        #expect(p1(live)?.status == .failed)
        // y again: the same action, the same idempotency key, a new attempt.
        try decide(live, .confirmed)
        #expect(p1(live)?.status == .failed)
        var r = try records(f)
        #expect(r.map(\.kind) == [.decision, .outcome, .decision, .outcome])
        #expect(r[0].intent?.idempotencyKey == r[2].intent?.idempotencyKey)
        // The next best: response 2, the canary shift, done on the flag file.
        let responses = try #require(p1(live)?.responses)
        #expect(responses.count >= 2 && responses[1].kind == .trafficShift)
        try decide(live, .confirmed, response: 2)
        #expect(p1(live)?.status == .executed && p1(live)?.action.kind == .trafficShift)
        r = try records(f)
        #expect(r[4].response == 2 && r[4].intent?.kind == "traffic_shift")
        #expect(r[5].outcome?.succeeded == true)
        // Done once: it is never run again.
        try decide(live, .confirmed)
        #expect(try records(f).count == 6)
    }
}
