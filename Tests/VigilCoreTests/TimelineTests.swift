import Testing
@testable import VigilCore

@Suite struct TimelineTests {
    let t0 = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10)

    @Test func dropsTheOldestEntriesAtItsBound() {
        var timeline = Timeline(capacity: 3)
        for i in 0..<5 { timeline.note(t0.adding(.seconds(Double(i))), .alert, .otherEvent(name: "entry \(i)")) }
        #expect(timeline.entries.map(\.fact) == (2..<5).map { .otherEvent(name: "entry \($0)") })
        #expect(timeline.entries.first?.time == t0.adding(.seconds(2)))
    }

    @Test func keepsEverythingUnderItsBoundInOrder() {
        var timeline = Timeline(capacity: 3)
        timeline.note(t0, .deploy, .otherEvent(name: "a"))
        timeline.note(t0, .proposal, .autoExecuted(proposalID: "P1"))
        #expect(timeline.entries.map(\.fact) == [.otherEvent(name: "a"), .autoExecuted(proposalID: "P1")])
        #expect(timeline.entries.map(\.kind) == [.deploy, .proposal])
    }
}
