import Foundation
import Testing
@testable import VigilApp
import VigilCore
import VigilTestSupport
import VigilIngest

@Suite(.serialized) struct SeekAndRecordTests {
    /// The state after seeking back equals the state of a straight run to the
    /// same event time, decisions included.
    @Test func seekingBackRebuildsTheSameStateAsAStraightRun() throws {
        let session = try Session.replay(incident: "expired-return-policy", stateDir: temporaryDirectory("seek"),
                                             speed: 1, paused: true)
        session.start()
        defer { session.stop() }
        let driver = try #require(session.replay?.driver)
        let records = try #require(session.replay?.records)
        driver.seek(by: 20 * 60)        // forward 20 minutes (10:15): the proposal exists
        let p1 = try #require(session.engine.snapshot().proposals.first)
        let done = DispatchSemaphore(value: 0)
        session.desk.decide(p1.id, .rejected, operatorName: "ana") { done.signal() }
        try awaitSignal(done)
        // When the decision was taken, read before any rebuild could move it.
        let decidedAt = try #require(session.engine.snapshot().proposals.first?.decidedAt)
        driver.seek(by: 25 * 60)        // on to 10:40
        driver.seek(by: -20 * 60)       // back to 10:20, after the rejection at 10:15
        let target = try #require(driver.state.position)
        let rebuilt = session.engine.snapshot()

        var straight = Governor(policy: session.config.policy)
        for r in records where r.time <= target { _ = straight.apply(r) }
        if decidedAt <= target {
            _ = straight.apply(Decision(proposalID: p1.id, verdict: .rejected, operatorName: "ana", time: decidedAt))
        }
        _ = straight.advance(to: target)
        #expect(rebuilt.eventTime == target)
        #expect(rebuilt == straight.snapshot())
        #expect(rebuilt.proposals.first?.status == .rejected)
    }

    @Test func exportedTimelineNamesOnsetProposalsDecisionsAndTimes() throws {
        let session = try Session.replay(incident: "error-spike-rollback", stateDir: temporaryDirectory("pm"),
                                             speed: 0, paused: false)
        session.runHeadless { _ in }
        let path = temporaryDirectory("pm-out") + "/timeline.md"
        try session.exportTimeline(to: path)
        let md = try String(contentsOfFile: path, encoding: .utf8)
        #expect(md.contains("| onset | 2026-02-15T15:00:00.000Z |"))
        #expect(md.contains("| time to detect | 50s |"))
        #expect(md.contains("| first action done | 2026-02-15T15:01:50.000Z |"))
        // The rollback ran, but the error rate went on failing with it in
        // force: done is not mitigated. That verdict is final; the failures
        // after it belong to the next step, P2, and a later recovery does not
        // credit P1.
        #expect(md.contains("- afterwards: error-rate still failing at 15:03:20 with P1's action in force"))
        #expect(md.contains("### P2 at 15:03:20: escalate support-agent to a human"))
        #expect(md.contains("| time to mitigate | not mitigated (no action verified as working) |"))
        #expect(md.contains("### P1 at 15:00:50: roll back support-agent.config to c7"))
        #expect(md.contains("- decision: **confirmed** by policy:auto_after at 15:01:50"))
        #expect(md.contains("- outcome at 15:01:50: support-agent.config"))
        #expect(md.contains("`error-rate` (canary)"))
    }

    /// A live session recorded with --record replays to the same event stream.
    @Test func aRecordedLiveSessionReplaysIdentically() throws {
        let f = try LiveFixture()
        let live = try Session.watch(configPath: f.config, fromStart: true, readOnly: true)
        let recordDir = temporaryDirectory("rec") + "/incident"
        try live.record(into: recordDir, policyFile: f.config)
        let liveLines = LineSink()
        live.engine.subscribe(snapshots: false) { u in for o in u.outputs { liveLines.append(OutputJSON.line(for: o)) } }
        live.start()
        var lines = LiveFixture.failure
        for s in 20...80 where s % 10 == 0 {
            let v = s == 50 ? 0.01 : 0.3
            lines.append(#"{"ts":"2026-02-14T10:00:\#(s % 60 < 10 ? "0" : "")\#(s % 60)Z","metric":"errors.rate","value":\#(v),"labels":{"deployment":"support-agent","variant":"canary"}}"#
                .replacingOccurrences(of: "10:00:", with: s >= 60 ? "10:01:" : "10:00:"))
        }
        try f.append(lines)
        try waitFor(5, "all lines applied") { live.engine.snapshot().samplesApplied == lines.count - 1 }
        live.stop()
        #expect(!liveLines.lines.isEmpty)

        let replay = try Session.replay(incident: recordDir, stateDir: temporaryDirectory("rec-replay"),
                                            speed: 0, paused: false, readOnly: true)
        let replayed = LineSink()
        replay.runHeadless { replayed.append($0) }
        #expect(replayed.lines == liveLines.lines)
        #expect(FileManager.default.fileExists(atPath: recordDir + "/flags.json"))
        #expect(FileManager.default.fileExists(atPath: recordDir + "/expect.yaml"))
    }
}

@Suite struct StepTests {
    @Test func stepPlaysExactlyTheNextMomentAndStaysPaused() throws {
        let session = try Session.replay(incident: "expired-return-policy", stateDir: temporaryDirectory("step"),
                                             speed: 60, paused: true)
        session.start()
        defer { session.stop() }
        let driver = try #require(session.replay?.driver)
        let records = try #require(session.replay?.records)
        let first = try #require(records.first?.time)
        let atFirst = records.prefix { $0.time == first }.count
        driver.step()
        #expect(driver.state.paused)
        #expect(driver.state.position == first)
        #expect(session.engine.snapshot().samplesApplied + session.engine.snapshot().eventsApplied == atFirst)
        driver.step()
        let second = try #require(records.first { $0.time > first }?.time)
        #expect(driver.state.position == second)
        #expect(session.engine.snapshot().eventTime == second)
    }
}
