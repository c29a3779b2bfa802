import Testing
@testable import VigilCore

@Suite struct TimelineTests {
    let t0 = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10)

    @Test func dropsTheOldestEntriesAtItsBound() {
        var timeline = Timeline(capacity: 3)
        for i in 0..<5 { timeline.note(t0.adding(.seconds(Double(i))), .alert, "entry \(i)") }
        #expect(timeline.entries.map(\.text) == ["entry 2", "entry 3", "entry 4"])
        #expect(timeline.entries.first?.time == t0.adding(.seconds(2)))
    }

    @Test func keepsEverythingUnderItsBoundInOrder() {
        var timeline = Timeline(capacity: 3)
        timeline.note(t0, .deploy, "a")
        timeline.note(t0, .proposal, "b")
        #expect(timeline.entries.map(\.text) == ["a", "b"])
        #expect(timeline.entries.map(\.kind) == [.deploy, .proposal])
    }
}
