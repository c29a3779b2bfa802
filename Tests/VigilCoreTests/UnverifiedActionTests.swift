import Testing
@testable import VigilCore

/// An action an earlier run executed and never judged (the watch stopped in
/// between) is judged by the next run, once, by the same rules as its own:
/// after the verification delay, from what the signals it was for say.
@Suite struct UnverifiedActionTests {
    /// P3's rollback, done at t0 by an earlier run, for the error rate of support-agent.
    let earlier = UnverifiedAction(proposalID: "P3", group: "support-agent", signals: ["error-rate"], executedAt: t0)

    var policy: Policy {
        var p = Policy(name: "t", signals: [errorSpec], escalateAfter: nil)
        p.verifyAfter = .minutes(2)
        return p
    }

    func errors(_ from: Int, _ to: Int, _ value: Double, deployment: String = "support-agent") -> [Record] {
        stride(from: from, through: to, by: 10).map { sample(Double($0), "errors.rate", value, deployment: deployment) }
    }

    func run(_ records: [Record]) -> (Governor, [CoreOutput]) {
        var g = Governor(policy: policy, firstProposalNumber: 4, unverified: [earlier])
        var out: [CoreOutput] = []
        for r in records { out += g.apply(r) }
        return (g, out)
    }

    func verdicts(_ out: [CoreOutput]) -> [(id: String, result: VerificationResult, at: EventTime)] {
        out.compactMap { if case .verification(let id, let r, let at) = $0 { return (id, r, at) } else { return nil } }
    }

    @Test func anActionThatWorkedIsJudgedOnceAfterTheDelay() {
        let (g, out) = run(errors(60, 600, 0.01))
        let found = verdicts(out)
        #expect(found.count == 1)
        #expect(found.first?.id == "P3")
        #expect(found.first?.result == .withinBounds(signals: ["error-rate"], after: .minutes(2)))
        // The first check at or after the delay (2 minutes from the action).
        #expect(found.first?.at == t0.adding(.seconds(120)))
        #expect(g.snapshot().timeline.contains {
            $0.fact == .verification(.withinBounds(signals: ["error-rate"], after: .minutes(2)), proposalID: "P3")
        })
        #expect(proposals(out).isEmpty)
    }

    @Test func nothingIsJudgedBeforeItsSignalIsJudgedAgain() {
        // Only another deployment's error rate for five minutes: no unit of
        // support-agent, so nothing says whether the rollback worked.
        let (_, quiet) = run(errors(0, 300, 0.01, deployment: "other"))
        #expect(verdicts(quiet).isEmpty)
        // Then support-agent's: judged at the first check that sees its unit.
        let (_, out) = run(errors(0, 300, 0.01, deployment: "other") + errors(310, 400, 0.01))
        #expect(verdicts(out).map(\.at) == [t0.adding(.seconds(320))])
        // Its finding says when it was judged, not the delay it waited at least.
        #expect(verdicts(out).first?.result == .withinBounds(signals: ["error-rate"], after: .seconds(320)))
    }

    @Test func aSignalStillFailingAfterTheDelayIsNotWorking() {
        let (_, out) = run(errors(60, 600, 0.4))
        let found = verdicts(out)
        #expect(found.count == 1)
        #expect(found.first?.result == .stillFailing(signal: "error-rate", after: .minutes(2), scope: .variant("baseline")))
        #expect(found.first?.result.worked == false)
        // This run proposes on its own failure, numbered on from the ledger;
        // the earlier proposal raises no follow-up here (this run does not have it).
        #expect(proposals(out).map(\.id) == ["P4"])
        #expect(proposals(out).allSatisfy { $0.followUpOf == nil })
    }

    @Test func aRecoveryBeforeTheDelayJudgesItAtOnce() {
        let (_, out) = run(errors(10, 50, 0.4) + errors(60, 600, 0.01))
        let found = verdicts(out)
        #expect(found.count == 1)
        #expect(found.first?.result == .recovered(signal: "error-rate", at: t0.adding(.seconds(60))))
        #expect(found.first?.at == t0.adding(.seconds(60)))
    }

    @Test func aUnitStillWarmingUpHoldsTheVerdict() {
        var book = ProposalBook(policy: policy, unverified: [earlier])
        var timeline = Timeline()
        var out: [CoreOutput] = []
        func view(_ status: SignalStatus) -> ProposalBook.UnitView {
            .init(signal: "error-rate", group: "support-agent", scope: .variant("canary"), status: status)
        }
        #expect(book.awaitsVerification)
        book.verifyDue(at: t0.adding(.minutes(5)), units: [view(.warmingUp), view(.ok)], into: &out, timeline: &timeline)
        #expect(out.isEmpty)
        book.verifyDue(at: t0.adding(.minutes(6)), units: [view(.noData), view(.ok)], into: &out, timeline: &timeline)
        #expect(out == [.verification(proposalID: "P3", result: .noMoreSamples(after: .minutes(6)), at: t0.adding(.minutes(6)))])
        #expect(!book.awaitsVerification)
        book.verifyDue(at: t0.adding(.minutes(7)), units: [view(.failing)], into: &out, timeline: &timeline)
        #expect(out.count == 1)
    }
}
