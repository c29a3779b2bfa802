import Testing
import VigilActions
import VigilCore

/// Retries, undos, snoozes, reasons and chosen responses as the ledger keeps them.
@Suite struct LedgerRetryTests {
    let t = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10, minute: 1)

    func confirm(_ ledger: DecisionLedger, _ p: Proposal) throws -> LedgerRecord {
        try ledger.recordDecision(Decision(proposalID: p.id, verdict: .confirmed, operatorName: "ana", time: t), proposal: p)
    }

    @Test func aFailedActionMayBeRetriedUnderItsKeyButASucceededOneNever() throws {
        let dir = try TempDir()
        let ledger = try DecisionLedger(path: dir.file("ledger.jsonl"))
        let p = sampleProposal()
        let first = try confirm(ledger, p)
        // No outcome yet: it may have happened, so no second intent.
        #expect(throws: LedgerError.self) { try confirm(ledger, p) }
        try ledger.recordOutcome(intentRecordID: first.id,
                                 outcome: ActionOutcome(proposalID: p.id, succeeded: false, detail: "disk full", time: t))
        let retry = try confirm(ledger, p)
        #expect(retry.intent?.idempotencyKey == first.intent?.idempotencyKey)
        try ledger.recordOutcome(intentRecordID: retry.id,
                                 outcome: ActionOutcome(proposalID: p.id, succeeded: true, detail: "ok", time: t))
        #expect(throws: LedgerError.self) { try confirm(ledger, p) }
        #expect(try ledger.unresolvedIntents().isEmpty)
    }

    @Test func anUndoneRejectionIsNotADecisionAndTheRecordsSayWhatTheyAmend() throws {
        let dir = try TempDir()
        let ledger = try DecisionLedger(path: dir.file("ledger.jsonl"))
        let p = sampleProposal()
        let rejected = try ledger.recordDecision(Decision(proposalID: p.id, verdict: .rejected, operatorName: "ana", time: t),
                                                 proposal: p, reason: "canary is 1% of traffic")
        #expect(try ledger.isDecided(proposalID: p.id))
        let undone = try ledger.recordDecision(Decision(proposalID: p.id, verdict: .undone, operatorName: "ana", time: t),
                                               proposal: p, amends: rejected.id)
        #expect(undone.decision == "undone" && undone.amends == rejected.id && undone.intent == nil)
        #expect(try !ledger.isDecided(proposalID: p.id))
        let reason = try ledger.recordDecision(.reason, proposal: p, operatorName: "ana", eventTime: t,
                                               reason: "wrong key", amends: undone.id)
        #expect(reason.reason == "wrong key" && reason.amends == undone.id)
        #expect(try !ledger.isDecided(proposalID: p.id))
        #expect(try ledger.records().first?.reason == "canary is 1% of traffic")
    }

    @Test func aSnoozeRecordsItsEndAndAChosenResponseItsNumberAndAction() throws {
        let dir = try TempDir()
        let ledger = try DecisionLedger(path: dir.file("ledger.jsonl"))
        var p = sampleProposal()
        let rollback = ActionIntent(kind: .rollback, flag: "support-agent.model", variant: "v1",
                                    summary: .rollback(flag: "support-agent.model", to: "v1"))
        p.alternatives = [Alternative(action: rollback, reason: .rollbackCostsTheRollout)]
        let snoozed = try ledger.recordDecision(Decision(proposalID: p.id, verdict: .snoozed, operatorName: "ana", time: t,
                                                         snoozedUntil: t.adding(.minutes(30))), proposal: p)
        #expect(snoozed.until == t.adding(.minutes(30)).iso8601)
        let ended = try ledger.recordDecision(.snoozeEnded, proposal: p, operatorName: "vigil:snooze", eventTime: t.adding(.minutes(30)))
        #expect(ended.decision == "snooze_ended")
        #expect(try !ledger.isDecided(proposalID: p.id))
        let chosen = try ledger.recordDecision(Decision(proposalID: p.id, verdict: .confirmed, operatorName: "ana",
                                                        time: t.adding(.minutes(31)), response: 2), proposal: p)
        #expect(chosen.response == 2 && chosen.intent?.kind == "rollback")
        #expect(chosen.intent?.idempotencyKey == LedgerIntent.idempotencyKey(rollback, proposalID: p.id))
    }
}
