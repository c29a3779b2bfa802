import Testing
@testable import VigilCore

@Suite struct FlagBookTests {
    let t0 = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10)

    @Test func aPartialDeployIsACanaryAndAShiftToZeroEndsIt() throws {
        var book = FlagBook()
        book.record(DeployEvent(flag: "g.model", from: "v1", to: "v2", weight: 10), group: "g", at: t0)
        let canary = try #require(book.state(of: "g.model"))
        #expect(canary.primary == "v1" && canary.canary == "v2" && canary.canaryPercent == 10)
        let shift = ActionIntent(kind: .trafficShift, flag: "g.model", variant: "v1",
                                 weights: [VariantWeight("v1", 100), VariantWeight("v2", 0)], summary: .shiftCanaryToZero(flag: "g.model"))
        book.apply(shift, at: t0.adding(.minutes(5)))
        let after = try #require(book.state(of: "g.model"))
        #expect(after.primary == "v1" && after.canary == nil && after.canaryPercent == 0)
        #expect(after.changedAt == t0.adding(.minutes(5)))
    }

    @Test func weighsOnlyDeploysInTheGroupWithinTheWindowNewestFirst() {
        var book = FlagBook()
        book.record(DeployEvent(flag: "g.model", from: "v1", to: "v2"), group: "g", at: t0)
        book.record(DeployEvent(flag: "g.prompt", from: "t1", to: "t2"), group: "g", at: t0.adding(.minutes(5)))
        #expect(book.recentDeploys(in: "g", at: t0.adding(.minutes(30)), within: .hours(1)).map(\.event.to) == ["t2", "v2"])
        #expect(book.recentDeploys(in: "g", at: t0.adding(.minutes(2)), within: .hours(1)).map(\.event.to) == ["v2"])
        #expect(book.recentDeploys(in: "g", at: t0.adding(.hours(2)), within: .hours(1)).isEmpty)
        #expect(book.recentDeploys(in: "h", at: t0.adding(.minutes(30)), within: .hours(1)).isEmpty)
        #expect(book.states(in: "h").isEmpty && book.states(in: "g").count == 2)
    }
}
