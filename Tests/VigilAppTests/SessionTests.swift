import Foundation
import Testing
@testable import VigilApp
import VigilActions
import VigilCore
import VigilIngest
import VigilTestSupport
import VigilUI

/// Every model the session showed, in order (what a screen would draw).
final class ModelLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [DashboardModel] = []
    func append(_ m: DashboardModel) { lock.withLock { storage.append(m) } }
    var models: [DashboardModel] { lock.withLock { storage } }
}

/// The runtime without a terminal: commands go in through `perform`, and
/// what a screen would show comes out of `models`.
@Suite(.serialized) struct SessionTests {
    /// A hook that runs until the test lets it finish: `cat` of a FIFO ends
    /// when the test opens and closes the FIFO's writing end.
    struct HeldHook {
        let fifo: String
        init(in dir: String) throws {
            fifo = dir + "/release-hook"
            guard mkfifo(fifo, 0o600) == 0 else { throw CLIError("mkfifo \(fifo) failed") }
        }
        var policy: String { "hooks:\n  rollback: [\"cat\", \"\(fifo)\"]\n" }
        /// Lets the hook finish, once it has opened the FIFO.
        func release() throws {
            var fd: Int32 = -1
            try waitFor(10, "the hook to open its FIFO") {
                fd = open(fifo, O_WRONLY | O_NONBLOCK)
                return fd >= 0
            }
            close(fd)
        }
    }

    @Test func aConfirmedActionIsWrittenAheadShownRunningAndThenDone() throws {
        let dir = temporaryDirectory("held-hook")
        let hook = try HeldHook(in: dir)
        let f = try LiveFixture(extra: hook.policy)
        let session = try Session.watch(configPath: f.config, fromStart: true, readOnly: false, operatorName: "ana")
        let shown = ModelLog()
        session.models.attach { shown.append($0) }
        session.start()
        defer { session.stop() }
        try f.append(LiveFixture.failure)
        try waitFor(5, "the proposal on screen") { !session.models.current.core.proposals.isEmpty }

        session.perform(.confirm(proposalID: "P1"))
        try waitFor(5, "the running action on screen") { session.models.current.status.actionInFlight }
        // Written ahead: the decision and intent reach the disk while the
        // hook still runs (it cannot end before the test releases it).
        try waitFor(5, "the intent on disk") {
            (try? DecisionLedger(path: f.ledger).records().map(\.kind)) == [.decision]
        }
        #expect(try DecisionLedger(path: f.ledger).records().first?.operatorName == "ana")
        #expect(session.models.current.status.actionInFlight)

        try hook.release()
        try waitFor(5, "the action done on screen") {
            let m = session.models.current
            return !m.status.actionInFlight && m.core.proposals.first?.status == .executed
        }
        #expect(try DecisionLedger(path: f.ledger).records().map(\.kind) == [.decision, .outcome])
        #expect(session.latestNotice?.hasPrefix("P1 done") == true, "\(session.latestNotice ?? "no notice")")
        #expect(shown.models.contains { $0.status.actionInFlight })
        #expect(shown.models.last == session.models.current)
    }

    /// Auto-executions go through the same handler with a screen as headless:
    /// the same decision and outcome reach the ledger. (Past the first action
    /// a screen replay at full speed differs by design: its actions run
    /// beside the replay, not between two records.)
    @Test func theScreenAndHeadlessHandleCoreOutputsAlike() throws {
        let headless = try Session.replay(incident: "error-spike-rollback", stateDir: temporaryDirectory("alike-h"),
                                          speed: 0, paused: false)
        headless.runHeadless { _ in }
        let all = try DecisionLedger(path: headless.ledger.path).records()
        #expect(all.map(\.kind) == [.decision, .outcome, .verification, .verification])
        // The screen below stops before the verdicts.
        let expected = Array(all.prefix(2))
        let executedAt = try #require(expected.first.flatMap { parseTimestamp($0.eventTime) })

        let shown = try Session.replay(incident: "error-spike-rollback", stateDir: temporaryDirectory("alike-s"),
                                       speed: 60, paused: true)
        shown.start()
        defer { shown.stop() }
        let start = try #require(shown.replay?.records.first?.time)
        // Just past the first auto-execution, before the recording's next proposal.
        let target = executedAt.adding(.seconds(5))
        shown.perform(.seek(seconds: target.since(start).seconds))
        try waitFor(10, "the auto-execution carried out on screen") {
            let m = shown.models.current
            return (m.core.eventTime.map { $0 >= target } ?? false) && !m.status.actionInFlight
                && m.core.proposals.first?.status == .executed
        }
        let got = try DecisionLedger(path: shown.ledger.path).records()
        #expect(got.map(\.kind) == expected.map(\.kind))
        #expect(got.map(\.proposalID) == expected.map(\.proposalID))
        #expect(got.map(\.operatorName) == expected.map(\.operatorName))
        #expect(got.map(\.eventTime) == expected.map(\.eventTime))
    }

    /// A bad line changes nothing in the core, yet the screen learns of it.
    @Test func sourceHealthReachesTheScreenWithoutNewRecords() throws {
        let f = try LiveFixture()
        let session = try Session.watch(configPath: f.config, fromStart: true, readOnly: true)
        let shown = ModelLog()
        session.models.attach { shown.append($0) }
        session.start()
        defer { session.stop() }
        try f.append(["this is not a metric line"])
        try waitFor(5, "the malformed line on the sources screen") {
            shown.models.last?.status.sources.first?.malformed == 1
        }
        #expect(session.engine.snapshot().samplesApplied == 0)
        #expect(shown.models.last?.status.sources.first?.name == "metrics.jsonl")
    }

    @Test func replayControlsArePerformedLikeDecisions() throws {
        let session = try Session.replay(incident: "expired-return-policy", stateDir: temporaryDirectory("controls"),
                                         speed: 60, paused: true)
        session.start()
        defer { session.stop() }
        let first = try #require(session.replay?.records.first?.time)
        session.perform(.step)
        try waitFor(5, "one step played") { session.models.current.core.eventTime == first }
        #expect(session.models.current.status.mode == .replay(speed: 60, paused: true))
        session.perform(.faster)
        session.perform(.togglePause)
        try waitFor(5, "the new speed, playing") {
            session.models.current.status.mode == .replay(speed: 120, paused: false)
        }
    }

    /// Headless watch ends on SIGTERM by returning (the CLI's `main` exits),
    /// after stopping its input.
    @Test func headlessWatchReturnsOnSIGTERM() throws {
        let f = try LiveFixture()
        let session = try Session.watch(configPath: f.config, fromStart: true, readOnly: true)
        let printed = LineSink()
        let returned = DispatchSemaphore(value: 0)
        let t = Thread {
            session.runHeadless { printed.append($0) }
            returned.signal()
        }
        t.start()
        try f.append(LiveFixture.failure)
        // A printed line means the signal handlers are in place.
        try waitFor(5, "the event stream") { !printed.lines.isEmpty }
        kill(getpid(), SIGTERM)
        try awaitSignal(returned, seconds: 10)
        #expect(printed.lines.contains { $0.contains("\"type\":\"proposal\"") })
    }
}
