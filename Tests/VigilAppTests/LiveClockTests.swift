import Foundation
import Testing
@testable import VigilApp
import VigilCore
import VigilSystem

/// A wall clock the test moves by hand, so live time is tested without sleeping.
final class FakeWall: @unchecked Sendable {
    private let lock = Lock()
    private var nanos: UInt64 = 5_000_000_000
    func read() -> UInt64 { lock.withLock { nanos } }
    func advance(seconds: UInt64) { lock.withLock { nanos += seconds * 1_000_000_000 } }
}

/// A live watch whose feed stops: event time must go on with the wall
/// clock, so staleness, escalation and countdowns still fire.
@Suite struct LiveClockTests {
    static let healthy = (0..<5).map {
        #"{"ts":"2026-02-14T10:00:\#(String(format: "%02d", $0 * 5))Z","metric":"errors.rate","value":0.01,"labels":{"deployment":"support-agent"}}"#
    }

    /// A watch whose signal is stale after 30 s, with a fake wall clock
    /// and no timer: the test ticks.
    func watch(noData: String, wall: FakeWall) throws -> (LiveFixture, Session) {
        let f = try LiveFixture(extra: "live_lag: 10s\n", escalateAfter: "20s",
                                signalKeys: ["stale_after: 30s", "no_data: \(noData)"])
        let live = try Session.watch(configPath: f.config, fromStart: true, readOnly: false,
                                     monotonicNanos: { wall.read() }, tickSeconds: nil)
        return (f, live)
    }

    func status(_ s: Session) -> SignalStatus? { s.engine.snapshot().signals.first?.status }

    @Test func aSilentFeedShowsNoDataByTheWallClock() throws {
        let wall = FakeWall()
        let (f, live) = try watch(noData: "hold", wall: wall)
        live.start()
        defer { live.stop() }
        try f.append(Self.healthy)
        try waitFor(5, "the samples applied") { live.engine.snapshot().signals.first?.samples == 5 }
        #expect(status(live) == .ok)
        // Within the lag and the staleness nothing changes.
        wall.advance(seconds: 30)
        live.tick()
        _ = live.engine.snapshot()
        #expect(status(live) == .ok)
        // 10 s lag + 30 s stale_after after the last sample (10:00:20): no data.
        wall.advance(seconds: 11)
        live.tick()
        try waitFor(5, "NO DATA") { status(live) == .noData }
    }

    @Test func headlessReportsNoDataThenEscalatesWithoutNewLines() throws {
        let wall = FakeWall()
        let (f, live) = try watch(noData: "escalate", wall: wall)
        let lines = Lines()
        live.begin(printing: { lines.append($0) })
        defer { live.stop() }
        try f.append(Self.healthy)
        try waitFor(5, "the samples applied") { live.engine.snapshot().signals.first?.samples == 5 }
        #expect(lines.all.isEmpty)
        wall.advance(seconds: 41)
        live.tick()
        try waitFor(5, "a no-data alert and an escalation proposal") {
            lines.all.contains { $0.contains(#""type":"alert""#) && $0.contains("error-rate") }
                && lines.all.contains { $0.contains(#""type":"proposal""#) && $0.contains(#""kind":"escalate""#) }
        }
        #expect(!lines.all.contains { $0.contains(#""type":"escalation""#) })
        // escalate_after: 20s, with no line appended in between.
        wall.advance(seconds: 21)
        live.tick()
        try waitFor(5, "the escalation") { lines.all.contains { $0.contains(#""type":"escalation""#) } }
    }

    @Test func dataNewerThanTheClockWins() {
        let wall = FakeWall()
        let clock = LiveClock(lag: .seconds(10), monotonicNanos: { wall.read() })
        #expect(clock.now() == nil)
        let t = EventTime(milliseconds: 1_000_000)
        clock.saw(t)
        wall.advance(seconds: 10)
        #expect(clock.now() == t)
        wall.advance(seconds: 5)
        #expect(clock.now() == EventTime(milliseconds: 1_005_000))
        // A new sample resets the silence.
        clock.saw(EventTime(milliseconds: 1_020_000))
        wall.advance(seconds: 3)
        #expect(clock.now() == EventTime(milliseconds: 1_020_000))
    }
}

final class Lines: @unchecked Sendable {
    private let lock = Lock()
    private var lines: [String] = []
    func append(_ s: String) { lock.withLock { lines.append(s) } }
    var all: [String] { lock.withLock { lines } }
}
