import Foundation
import Testing
@testable import VigilApp
import VigilCore
import VigilIngest
import VigilSystem
import VigilTestSupport
import VigilUI

/// Collects what a flag-file follower delivers.
final class DeployCollector: @unchecked Sendable {
    private let lock = Lock()
    private var _deploys: [DeployEvent] = []
    private var _health: SourceHealth?
    var deploys: [DeployEvent] { lock.withLock { _deploys } }
    var health: SourceHealth? { lock.withLock { _health } }
    func deliver(_ d: [DeployEvent], _ h: SourceHealth) { lock.withLock { _deploys += d; _health = h } }
}

/// In `watch`, edits of the flagd flag file are deploys: on the timeline,
/// in recordings (so their replays see them), never from a half-written
/// file, and never for Vigil's own writes.
@Suite(.serialized) struct FlagFileDeployTests {
    static func flags(_ weights: (Int, Int), default d: String = "v1") -> String {
        """
        {"flags": {"support-agent.model": {"state": "ENABLED", "variants": {"v1": "a", "v2": "b"}, "defaultVariant": "\(d)",
          "targeting": {"fractional": [["v1", \(weights.0)], ["v2", \(weights.1)]]}}}}
        """
    }

    static let healthy = #"{"ts":"2026-02-14T10:00:00Z","metric":"errors.rate","value":0.01,"labels":{"deployment":"support-agent"}}"#

    /// A watch whose flag-file follower looks often and waits only briefly for quiet.
    func watch(_ f: LiveFixture) throws -> Session {
        let live = try Session.watch(configPath: f.config, fromStart: true, readOnly: false, tickSeconds: nil)
        var options = FlagFileFollower.Options()
        options.quietPeriod = 0.1
        options.pollInterval = 0.02
        options.safetyInterval = 0.05
        try #require(live.input as? LiveInput).flagOptions = options
        return live
    }

    /// A started follower that polls (no inotify) every 20 ms; the caller stops it.
    func polling(_ path: String, quiet: Double) -> (FlagFileFollower, DeployCollector) {
        let collector = DeployCollector()
        var options = FlagFileFollower.Options()
        options.quietPeriod = quiet
        options.pollInterval = 0.02
        options.useInotify = false
        let follower = FlagFileFollower(path: path, own: OwnFlagWrites(), options: options) { collector.deliver($0, $1) }
        follower.start()
        return (follower, collector)
    }

    func flagSource(_ s: Session) -> SourceSummary? { s.models.current.status.sources.first { $0.name == "flags.json" } }

    func deploys(_ s: Session) -> [DeployEvent] {
        s.engine.snapshot().timeline.compactMap { if case .deploy(let d) = $0.fact { return d } else { return nil } }
    }

    @Test func anEditIsADeployOnTheTimelineInTheRecordingAndInItsReplay() throws {
        let f = try LiveFixture()
        let recording = temporaryDirectory("flag-deploy-rec") + "/rec"
        let live = try watch(f)
        try live.record(into: recording, policyFile: f.config)
        live.start()
        try f.append([Self.healthy])
        try waitFor(5, "the first version read") { flagSource(live)?.lines == 1 }
        #expect(deploys(live).isEmpty, "what the file serves at start is not a deploy")
        try Self.flags((50, 50)).write(toFile: f.flags, atomically: true, encoding: .utf8)
        try waitFor(5, "the deploy") { !deploys(live).isEmpty }
        #expect(live.latestNotice == "deploy from the flag file: support-agent.model: v1 → v2 at 50%")
        // A bad edit is a notice and a counted error, not a deploy.
        try #"{"flags": {"support-agent.model": {"variants": {"v1": "a"}, "defaultVariant": "v9"}}}"#
            .write(toFile: f.flags, atomically: true, encoding: .utf8)
        try waitFor(5, "the bad edit counted") { flagSource(live)?.malformed == 1 }
        #expect(live.latestNotice?.contains(#"flag support-agent.model: defaultVariant "v9" is not one of its variants; no deploy read from this version"#) == true,
                "\(String(describing: live.latestNotice))")
        live.stop()
        let expected = DeployEvent(flag: "support-agent.model", from: "v1", to: "v2", weight: 50)
        #expect(deploys(live) == [expected])
        #expect(live.engine.snapshot().flags.first?.canaryPercent == 50)
        #expect(flagSource(live)?.records == 1)
        // Written into the recording at the data's event time …
        let text = try String(contentsOfFile: recording + "/metrics.jsonl", encoding: .utf8)
        #expect(text.contains(#"{"ts":"2026-02-14T10:00:00.000Z","event":"deploy","flag":"support-agent.model","from":"v1","to":"v2","weight":50}"#), "\(text)")
        // … so a replay of the recording sees it.
        let replay = try Session.replay(incident: recording, stateDir: temporaryDirectory("flag-deploy-replay"),
                                        speed: 0, paused: false)
        replay.runHeadless(print: { _ in })
        #expect(deploys(replay) == [expected])
    }

    @Test func vigilsOwnWriteIsNotADeployButAnEditAfterItIs() throws {
        let f = try LiveFixture()
        let live = try watch(f)
        live.start()
        defer { live.stop() }
        try waitFor(5, "the first version read") { flagSource(live)?.lines == 1 }
        try f.append(LiveFixture.failure)
        try waitFor(5, "a proposal") { !live.engine.snapshot().proposals.isEmpty }
        let recorded = deploys(live)
        #expect(recorded.count == 1, "the deploy line in the metrics: \(recorded)")
        let done = DispatchSemaphore(value: 0)
        live.desk.decide("P1", .confirmed, operatorName: "ana") { done.signal() }
        try awaitSignal(done)
        #expect(live.engine.snapshot().proposals.first?.status == .executed)
        try waitFor(5, "Vigil's own version read") { flagSource(live)?.lines == 2 }
        #expect(deploys(live) == recorded, "Vigil's own write became a deploy: \(deploys(live))")
        // Someone else's edit after it is one, compared with what Vigil wrote.
        try Self.flags((80, 20)).write(toFile: f.flags, atomically: true, encoding: .utf8)
        try waitFor(5, "the edit's deploy") { deploys(live).count == 2 }
        #expect(deploys(live).last == DeployEvent(flag: "support-agent.model", from: "v1", to: "v2", weight: 20))
    }

    /// A file read mid-write gives no phantom deploy: a write finished within
    /// the quiet period is one version; one that stalls is a counted error.
    @Test func aHalfWrittenFileGivesNoPhantomDeploy() throws {
        let f = try LiveFixture()
        let (follower, collector) = polling(f.flags, quiet: 1)
        defer { follower.stop() }
        try waitFor(5, "the first version") { collector.health?.lines == 1 }

        // Truncate and write in two pieces, the way an editor without atomic saves does.
        let next = Array(Self.flags((70, 30)).utf8)
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: f.flags))
        try h.truncate(atOffset: 0)
        try h.write(contentsOf: Data(next[..<(next.count / 2)]))
        follower.poll()
        try h.write(contentsOf: Data(next[(next.count / 2)...]))
        try h.close()
        try waitFor(5, "one deploy") { collector.deploys.count == 1 }
        #expect(collector.deploys == [DeployEvent(flag: "support-agent.model", from: "v1", to: "v2", weight: 30)])
        #expect(collector.health?.malformed == 0)

        // A writer that stalls past the quiet period: the half file is an error, not a deploy.
        let third = Array(Self.flags((60, 40)).utf8)
        let w = try FileHandle(forWritingTo: URL(fileURLWithPath: f.flags))
        try w.truncate(atOffset: 0)
        try w.write(contentsOf: Data(third[..<(third.count / 2)]))
        try waitFor(5, "the half file counted") { collector.health?.malformed == 1 }
        #expect(collector.deploys.count == 1)
        #expect(collector.health?.lastError?.contains("invalid JSON") == true, "\(String(describing: collector.health))")
        try w.write(contentsOf: Data(third[(third.count / 2)...]))
        try w.close()
        try waitFor(5, "the finished version's deploy") { collector.deploys.count == 2 }
        // Compared with the last good version, not the broken one.
        #expect(collector.deploys.last == DeployEvent(flag: "support-agent.model", from: "v1", to: "v2", weight: 40))
    }

    @Test func aMissingFlagFileIsACrossUntilItIsThere() throws {
        let f = try LiveFixture()
        try FileManager.default.removeItem(atPath: f.flags)
        let (follower, collector) = polling(f.flags, quiet: 0.05)
        defer { follower.stop() }
        try waitFor(5, "the ✗") { collector.health?.unreadable == FollowedFile.missingReason }
        try Self.flags((90, 10)).write(toFile: f.flags, atomically: true, encoding: .utf8)
        try waitFor(5, "the first version") { collector.health?.lines == 1 && collector.health?.unreadable == nil }
        #expect(collector.deploys.isEmpty, "the first version read is the baseline")
    }
}
