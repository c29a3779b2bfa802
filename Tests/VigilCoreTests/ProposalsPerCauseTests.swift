import Testing
@testable import VigilCore

/// Proposals are opened, joined and muted per cause (docs/policy.md,
/// "Proposals per cause"), judged through the whole governor.
@Suite struct ProposalsPerCauseTests {
    let policy = Policy(name: "t", signals: [errorSpec, accuracyCanary], flags: [modelFlag, promptFlag])

    /// Errors fail from the start with no change to blame; a model canary
    /// starts at 10 minutes and its accuracy drops at once.
    func records(until seconds: Int) -> [Record] {
        var r: [Record] = []
        for s in stride(from: 0, to: seconds, by: 10) { r.append(sample(Double(s), "errors.rate", 0.3)) }
        r.append(deploy(600, flag: "support-agent.model", from: "v1", to: "v2", weight: 10))
        r += accuracySeries(seed: 7, seconds: seconds, changeAt: 600, drop: 0.2).filter { $0.time >= t0.adding(.seconds(600)) }
        return r.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    func run(_ records: [Record], rejecting id: String, at seconds: Double) -> (Governor, [Proposal]) {
        var g = Governor(policy: policy)
        var out: [CoreOutput] = []
        var rejected = false
        for r in records {
            if !rejected, r.time >= t0.adding(.seconds(seconds)) {
                out += g.apply(Decision(proposalID: id, verdict: .rejected, operatorName: "ana", time: r.time))
                rejected = true
            }
            out += g.apply(r)
        }
        return (g, proposals(out))
    }

    @Test func aLaterFailureWithAnotherCauseGetsItsOwnProposalAfterARejection() throws {
        let (g, ps) = run(records(until: 1500), rejecting: "P1", at: 60)
        let p1 = try #require(ps.first)
        #expect(p1.signal == "error-rate" && p1.cause == Cause(group: "support-agent", change: nil, mode: .infrastructure))
        let p2 = try #require(ps.dropFirst().first)
        #expect(p2.signal == "accuracy" && p2.action.kind == .trafficShift && p2.action.flag == "support-agent.model")
        #expect(p2.cause == Cause(group: "support-agent", change: Cause.Change(flag: "support-agent.model", variant: "v2"),
                                  mode: .qualityRegression))
        #expect(p2.evidence.map(\.signal) == ["accuracy"])
        #expect(ps.count == 2)
        #expect(g.proposal("P1")?.status == .rejected)
    }

    @Test func withoutARejectionTheLaterFailureStillGetsItsOwnProposal() throws {
        var g = Governor(policy: policy)
        var out: [CoreOutput] = []
        for r in records(until: 1500) { out += g.apply(r) }
        let ps = proposals(out)
        #expect(ps.map(\.signal) == ["error-rate", "accuracy"])
        #expect(g.proposals.allSatisfy { $0.status.isOpen })
    }

    @Test func aRejectedCauseStillFailingIsProposedAgainWhenItsMuteEnds() throws {
        let (g, ps) = run(records(until: 2400), rejecting: "P1", at: 60)
        let again = try #require(ps.first { $0.id != "P1" && $0.signal == "error-rate" })
        // Rejected at the first record at or after 60 s; muted for 30 minutes.
        let rejectedAt = try #require(g.proposal("P1")?.decidedAt)
        #expect(again.createdAt == rejectedAt.adding(policy.rejectMute))
        // A model canary started meanwhile, but the errors began before it:
        // blame by timing does not put them on the canary.
        #expect(again.cause.change == nil)
        let muted = g.snapshot().timeline.contains {
            if case .muted(_, _, let rejected, _) = $0.fact { return rejected == "P1" } else { return false }
        }
        #expect(!muted, "the errors never failed again during the mute: nothing to note")
    }
}
