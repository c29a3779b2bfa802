import Testing
@testable import VigilCore

/// Responses are ranked by declared cost plus the failing requests each lets
/// through (docs/policy.md, "Cost ranking").
@Suite struct CostRankingTests {
    let canary = FlagState(flag: "support-agent.model", group: "support-agent", primary: "v1", canary: "v2",
                           canaryPercent: 10, changedAt: t0)

    func situation(family: SignalFamily = .quality, rpm: Double?, costs: [ResponseKind: Double] = ResponseCost.defaults)
        -> Situation {
        Situation(family: family, isBelief: false, noData: false, group: "support-agent", scope: .canaryVsBaseline,
                  deploy: (DeployEvent(flag: "support-agent.model", from: "v1", to: "v2", weight: 10), canary, .model),
                  flagsInGroup: [modelFlag, promptFlag], flagStates: [canary], recentChange: .hours(24),
                  requestsPerMinute: rpm, costs: costs, personWait: .minutes(15))
    }

    func kinds(_ r: GradedResponse.Ranking) -> [ResponseKind] { r.ranked.map(\.action.kind) }

    @Test func withTheDefaultsAQualityRegressionShiftsThenRollsBackThenEscalates() {
        let r = GradedResponse.rank(situation(rpm: 120))
        #expect(kinds(r) == [.trafficShift, .rollback, .escalate])
        #expect(r.ranked.map { $0.cost?.total } == [300, 1000, 1800])
        #expect(r.ranked.last?.cost?.harm == 1800 && r.blastRadius.requestsPerMinute == 120)
    }

    @Test func aTeamThatDeclaresCapacityDearGetsTheRollbackFirst() {
        var costs = ResponseCost.defaults
        costs[.trafficShift] = 5000
        let r = GradedResponse.rank(situation(rpm: 120, costs: costs))
        #expect(kinds(r) == [.rollback, .escalate, .trafficShift])
        #expect(r.ranked.first?.reason == .rollbackCostsTheRollout)
    }

    @Test func aSmallBlastRadiusAsksAPersonFirstAndSaysWhy() {
        // 12 requests a minute for 15 minutes: 180 failed requests, less than any action.
        let r = GradedResponse.rank(situation(rpm: 12))
        #expect(kinds(r) == [.escalate, .trafficShift, .rollback])
        #expect(r.ranked.first?.reason == .failureCostsLessThanActing)
        #expect(r.ranked.first?.cost?.total == 180)
    }

    @Test func withoutTrafficDataEscalationKeepsItsPlaceLast() {
        let r = GradedResponse.rank(situation(rpm: nil))
        #expect(kinds(r) == [.trafficShift, .rollback, .escalate])
        #expect(r.ranked.last?.cost?.total == nil && r.ranked.first?.cost?.total == 300)
    }

    @Test func theInfrastructureFloorStaysFirstWhateverItCosts() {
        var costs = ResponseCost.defaults
        costs[.rollback] = 1_000_000
        let r = GradedResponse.rank(situation(family: .infrastructure, rpm: 5, costs: costs))
        #expect(kinds(r).first == .rollback && r.ranked.first?.cost?.pinned == true)
        #expect(kinds(r).dropFirst() == [.escalate, .trafficShift])
    }
}
