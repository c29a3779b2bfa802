import Testing
@testable import VigilCore

/// The escalation ladder on event time: each rung at its offset from the
/// proposal, resolves when decided or recovered, nothing for a problem that
/// recovered first, pauses that push later rungs back.
@Suite struct EscalationLadderTests {
    let ladder = EscalationLadder(steps: [.init(after: .minutes(15), hook: "page-primary"),
                                          .init(after: .minutes(30), hook: "page-secondary")],
                                  repeatEvery: .minutes(30))

    func governor(_ ladder: EscalationLadder?) -> Governor {
        var policy = Policy(name: "t", signals: [errorSpec])
        policy.escalation = ladder
        return Governor(policy: policy)
    }

    /// errors.rate at `value` every 10 s from `from` to `to` seconds.
    func errors(_ g: inout Governor, _ value: Double, from: Int, to: Int) -> [CoreOutput] {
        stride(from: from, through: to, by: 10).flatMap { g.apply(sample(Double($0), "errors.rate", value)) }
    }

    func pages(_ out: [CoreOutput]) -> [EscalationPage] {
        out.compactMap { if case .escalation(let p) = $0 { return p } else { return nil } }
    }

    func at(_ seconds: Double) -> EventTime { t0.adding(.seconds(seconds)) }

    @Test func offsetsAndHooksOfEachPage() {
        #expect((0..<5).map { ladder.offset(ofPage: $0) } == [.minutes(15), .minutes(30), .minutes(60), .minutes(90), .minutes(120)])
        #expect((0..<4).map { ladder.hook(ofPage: $0) } == ["page-primary", "page-secondary", "page-secondary", "page-secondary"])
        #expect(EscalationLadder.once(after: .minutes(15)).offset(ofPage: 1) == nil)
        let huge = EscalationLadder(steps: [.init(after: .minutes(1))], repeatEvery: Duration(milliseconds: .max / 2))
        #expect(huge.offset(ofPage: 5) == nil)
        var policy = Policy(name: "t", signals: [])
        policy.escalateAfter = .minutes(20)
        #expect(policy.escalation == .once(after: .minutes(20)))
    }

    @Test func eachRungPagesAtItsTimeThenRepeats() throws {
        var g = governor(ladder)
        let p = try #require(proposals(errors(&g, 0.5, from: 0, to: 60)).first)
        let created = p.createdAt
        #expect(p.escalatesAt == created.adding(.minutes(15)))
        #expect(pages(g.advance(to: created.adding(.minutes(15)).adding(.seconds(-1)))).isEmpty)
        let first = pages(g.advance(to: created.adding(.minutes(15))))
        #expect(first == [EscalationPage(proposalID: p.id, at: created.adding(.minutes(15)), step: 1, hook: "page-primary", event: .trigger)])
        #expect(g.proposal(p.id)?.status == .escalated)
        #expect(g.proposal(p.id)?.escalatesAt == created.adding(.minutes(30)))
        let second = pages(g.advance(to: created.adding(.minutes(30))))
        #expect(second.map(\.step) == [2] && second.first?.hook == "page-secondary")
        let third = pages(g.advance(to: created.adding(.minutes(60))))
        #expect(third.map(\.step) == [3] && third.first?.hook == "page-secondary")
        // A clock that jumps two hours re-pages once, not four times.
        let jump = pages(g.advance(to: created.adding(.minutes(185))))
        #expect(jump.map(\.step) == [7], "\(jump)")
        #expect(g.snapshot().timeline.contains { if case .repaged(p.id, 2, "page-secondary") = $0.fact { return true } else { return false } })
    }

    @Test func decidingResolvesEveryHookThatPagedAndStopsTheLadder() throws {
        var g = governor(ladder)
        let p = try #require(proposals(errors(&g, 0.5, from: 0, to: 60)).first)
        _ = g.advance(to: p.createdAt.adding(.minutes(31)))
        let decided = p.createdAt.adding(.minutes(32))
        let out = pages(g.apply(Decision(proposalID: p.id, verdict: .rejected, operatorName: "ana", time: decided)))
        #expect(out == [
            EscalationPage(proposalID: p.id, at: decided, step: 2, hook: "page-primary", event: .resolve(.decided)),
            EscalationPage(proposalID: p.id, at: decided, step: 2, hook: "page-secondary", event: .resolve(.decided)),
        ])
        #expect(pages(g.advance(to: p.createdAt.adding(.hours(5)))).isEmpty)
    }

    @Test func aProposalDecidedBeforeAnyPageResolvesNothing() throws {
        var g = governor(ladder)
        let p = try #require(proposals(errors(&g, 0.5, from: 0, to: 60)).first)
        let out = g.apply(Decision(proposalID: p.id, verdict: .confirmed, operatorName: "ana", time: p.createdAt.adding(.minutes(1))))
        #expect(pages(out).isEmpty)
        #expect(pages(g.advance(to: p.createdAt.adding(.hours(2)))).isEmpty)
    }

    @Test func aProblemThatRecoveredBeforeItsStepDoesNotPageUntilItFailsAgain() throws {
        var g = governor(ladder)
        let p = try #require(proposals(errors(&g, 0.5, from: 0, to: 60)).first)
        // Back to healthy at 2 minutes, well before the 15-minute rung.
        let healthy = errors(&g, 0.0, from: 70, to: 300)
        #expect(healthy.contains { if case .recovered = $0 { return true } else { return false } })
        #expect(g.proposal(p.id)?.escalatesAt == nil)
        #expect(pages(errors(&g, 0.0, from: 310, to: 1800)).isEmpty)
        #expect(g.proposal(p.id)?.status == .pending)
        // It fails again at 30 minutes: the ladder starts over from then.
        let again = errors(&g, 0.5, from: 1810, to: 1900)
        #expect(pages(again).isEmpty)
        let failedAt = try #require(again.compactMap { if case .alert(_, _, _, let t, _) = $0 { return t } else { return nil } }.first)
        let paged = pages(g.advance(to: failedAt.adding(.minutes(15))))
        #expect(paged.map(\.step) == [1] && paged.first?.event == .trigger, "\(paged)")
    }

    @Test func recoveryAfterAPageResolvesIt() throws {
        var g = governor(.once(after: .minutes(1)))
        let p = try #require(proposals(errors(&g, 0.5, from: 0, to: 60)).first)
        let paged = pages(errors(&g, 0.5, from: 70, to: 200))
        #expect(paged.map(\.event) == [.trigger] && paged.first?.hook == nil)
        let back = pages(errors(&g, 0.0, from: 210, to: 400))
        #expect(back.count == 1 && back.first?.event == .resolve(.recovered) && back.first?.proposalID == p.id, "\(back)")
        #expect(g.snapshot().timeline.contains { if case .pageResolved(p.id, nil, .recovered) = $0.fact { return true } else { return false } })
    }

    @Test func aPausePushesLaterRungsBackByItsLength() throws {
        var g = governor(ladder)
        let p = try #require(proposals(errors(&g, 0.5, from: 0, to: 60)).first)
        g.pauseEscalation(of: p.id, at: p.createdAt.adding(.minutes(10)))
        _ = g.advance(to: p.createdAt.adding(.minutes(10)))
        #expect(pages(g.advance(to: p.createdAt.adding(.minutes(16)))).isEmpty)
        g.resumeEscalation(of: p.id, at: p.createdAt.adding(.minutes(20)))
        #expect(pages(g.advance(to: p.createdAt.adding(.minutes(24)))).isEmpty)
        #expect(pages(g.advance(to: p.createdAt.adding(.minutes(25)))).map(\.step) == [1])
    }

    @Test func aSnoozedProposalDoesNotClimb() throws {
        var g = governor(ladder)
        let p = try #require(proposals(errors(&g, 0.5, from: 0, to: 60)).first)
        _ = g.apply(Decision(proposalID: p.id, verdict: .snoozed, operatorName: "ana", time: p.createdAt.adding(.minutes(5))))
        #expect(pages(g.advance(to: p.createdAt.adding(.hours(3)))).isEmpty)
    }

    @Test func withoutALadderNothingPages() throws {
        var g = governor(nil)
        let p = try #require(proposals(errors(&g, 0.5, from: 0, to: 60)).first)
        #expect(p.escalatesAt == nil)
        #expect(pages(g.advance(to: p.createdAt.adding(.hours(3)))).isEmpty)
    }
}
