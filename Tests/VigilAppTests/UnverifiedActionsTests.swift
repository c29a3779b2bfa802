import Testing
@testable import VigilActions
@testable import VigilApp
import VigilCore
import VigilTestSupport

/// Which of an earlier run's actions still owe a verdict, read from its ledger.
@Suite struct UnverifiedActionsTests {
    let t = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10)

    func proposal(_ id: String, signals: [String]) -> Proposal {
        let evidence = signals.map {
            Evidence(signal: $0, metric: "m", group: "support-agent", value: 1, baseline: nil, threshold: nil,
                     statistic: .noDataYet, samples: 1, baselineSamples: 0, since: t, at: t, deploy: nil)
        }
        return Proposal(id: id, createdAt: t, group: "support-agent", signal: signals[0], failureMode: .infrastructure,
                        action: ActionIntent(kind: .rollback, flag: "support-agent.model", variant: "v1",
                                             summary: .rollback(flag: "support-agent.model", to: "v1")),
                        evidence: evidence, blastRadius: BlastRadius(trafficPercent: 10, deployments: ["support-agent"]))
    }

    func done(_ ledger: DecisionLedger, _ p: Proposal, at time: EventTime, succeeded: Bool = true) throws {
        let d = try ledger.recordDecision(Decision(proposalID: p.id, verdict: .confirmed, operatorName: "ana", time: time),
                                          proposal: p)
        try ledger.recordOutcome(intentRecordID: d.id, outcome: ActionOutcome(proposalID: p.id, succeeded: succeeded,
                                                                              detail: "", time: time))
    }

    @Test func ledgerUnresolvedListsTheVerdictsOwedOneLineEach() throws {
        let path = temporaryDirectory("unverified-cli") + "/ledger.jsonl"
        let ledger = try DecisionLedger(path: path)
        var hostile = proposal("P1", signals: ["error-rate"])
        hostile.group = "support-agent\n  P9  forged\u{1B}[2J"
        try done(ledger, hostile, at: t)
        let text = try LedgerCommandRunner.unresolved(path: path)
        #expect(text.hasPrefix("no action with an unknown outcome\n1 action(s) done and never judged"), "\(text)")
        let owed = try #require(text.split(separator: "\n").last.map(String.init))
        // The ledger's strings cannot start a line of their own or drive the terminal.
        #expect(text.split(separator: "\n").count == 3, "\(text)")
        #expect(owed.hasPrefix("  P1  support-agent   P9  forged␛") && owed.hasSuffix("done at 2026-02-14T10:00:00.000Z  for error-rate"), "\(owed)")
        #expect(!text.contains("\u{1B}"))
    }

    @Test func onlyDoneActionsWithoutAVerdictAreOwed() throws {
        let ledger = try DecisionLedger(path: temporaryDirectory("unverified") + "/ledger.jsonl")
        let p1 = proposal("P1", signals: ["error-rate"])
        try done(ledger, p1, at: t)
        try ledger.recordVerification(.recovered(signal: "error-rate", at: t), proposal: p1, at: t.adding(.minutes(1)))
        // Failed: nothing was done, so nothing to judge.
        try done(ledger, proposal("P2", signals: ["error-rate"]), at: t, succeeded: false)
        // Done, never judged: owed, with every signal of its evidence.
        try done(ledger, proposal("P3", signals: ["quality", "error-rate"]), at: t.adding(.minutes(2)))
        // Rejected: no action.
        try ledger.recordDecision(Decision(proposalID: "P4", verdict: .rejected, operatorName: "ana", time: t),
                                  proposal: proposal("P4", signals: ["error-rate"]))
        #expect(try ledger.unverifiedActions() == [
            UnverifiedAction(proposalID: "P3", group: "support-agent", signals: ["quality", "error-rate"],
                             executedAt: t.adding(.minutes(2))),
        ])
        // Judged by a later run: owed no more; the record copies what P3 was about.
        let verdict = try ledger.recordVerification(.withinBounds(signals: ["error-rate", "quality"], after: .minutes(11)),
                                                    earlierProposal: "P3", at: t.adding(.minutes(13)))
        #expect(verdict.group == "support-agent" && verdict.signal == "quality" && verdict.failureMode == "infrastructure")
        #expect(try ledger.unverifiedActions().isEmpty)
        // A proposal the ledger never wrote ahead cannot be judged by id.
        // Only the latest are carried into a run.
        for n in 10..<(10 + DecisionLedger.unverifiedLimit + 5) {
            try done(ledger, proposal("P\(n)", signals: ["error-rate"]), at: t.adding(.minutes(Double(n))))
        }
        let owed = try ledger.unverifiedActions()
        #expect(owed.count == DecisionLedger.unverifiedLimit)
        #expect(owed.first?.proposalID == "P15" && owed.last?.proposalID == "P\(9 + DecisionLedger.unverifiedLimit + 5)")
        #expect(throws: LedgerError.unknownIntent(recordID: "P9")) {
            try ledger.recordVerification(.recovered(signal: "x", at: t), earlierProposal: "P9", at: t)
        }
    }
}
