import Foundation
import Testing
@testable import VigilApp
import VigilActions
import VigilCore
import VigilTestSupport

/// A live watch in a temp directory: a policy, an empty metrics file that
/// the test appends to, a flag file and a shared ledger.
struct LiveFixture {
    let dir = temporaryDirectory("live")
    var metrics: String { dir + "/metrics.jsonl" }
    var config: String { dir + "/vigil.yaml" }
    var ledger: String { dir + "/ledger.jsonl" }
    var flags: String { dir + "/flags.json" }

    /// `extra` is appended to the policy (e.g. `hooks:`), `signalKeys` to
    /// the one signal (e.g. `stale_after:`).
    /// `escalateAfter` nil leaves the key out (for an `escalation:` ladder in `extra`).
    init(extra: String = "", escalateAfter: String? = "never", signalKeys: [String] = []) throws {
        try ("""
        name: live-test
        sources: [metrics.jsonl]
        flag_file: flags.json
        ledger: ledger.jsonl
        \(escalateAfter.map { "escalate_after: \($0)" } ?? "")
        flags:
          - {name: support-agent.model, deployment: support-agent, role: model}
        signals:
          - name: error-rate
            metric: errors.rate
            detector: {type: threshold, direction: higher_is_worse, value: 0.1}

        """ + signalKeys.map { "    \($0)\n" }.joined() + extra).write(toFile: config, atomically: true, encoding: .utf8)
        try """
        {"flags": {"support-agent.model": {"state": "ENABLED", "variants": {"v1": "a", "v2": "b"}, "defaultVariant": "v1",
          "targeting": {"fractional": [["v1", 90], ["v2", 10]]}}}}
        """.write(toFile: flags, atomically: true, encoding: .utf8)
        guard FileManager.default.createFile(atPath: metrics, contents: Data()) else { throw CLIError("cannot create \(metrics)") }
    }

    func append(_ lines: [String]) throws {
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: metrics))
        try h.seekToEnd()
        try h.write(contentsOf: Data((lines.joined(separator: "\n") + "\n").utf8))
        try h.close()
    }

    /// A started session on this fixture that has proposed P1 from `failure`;
    /// the caller stops it.
    func sessionWithProposal(readOnly: Bool) throws -> Session {
        let live = try Session.watch(configPath: config, fromStart: true, readOnly: readOnly)
        live.start()
        do {
            try append(LiveFixture.failure)
            try waitFor(5, "a proposal from appended lines") { !live.engine.snapshot().proposals.isEmpty }
        } catch { live.stop(); throw error }
        return live
    }

    /// Appends `failure` to a started session, waits for its proposal and
    /// confirms it; returns when the action's outcome is recorded.
    func proposeAndConfirm(_ live: Session) throws {
        try append(LiveFixture.failure)
        try waitFor(5, "a proposal") { !live.engine.snapshot().proposals.isEmpty }
        let done = DispatchSemaphore(value: 0)
        live.desk.decide("P1", .confirmed, operatorName: "ana") { done.signal() }
        try awaitSignal(done)
    }

    static let failure = [
        #"{"ts":"2026-02-14T10:00:00Z","event":"deploy","flag":"support-agent.model","from":"v1","to":"v2","weight":10,"labels":{"deployment":"support-agent"}}"#,
        #"{"ts":"2026-02-14T10:00:10Z","metric":"errors.rate","value":0.4,"labels":{"deployment":"support-agent","variant":"canary"}}"#,
    ]
}

func waitFor(_ seconds: Double, _ what: String, _ predicate: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if predicate() { return }
        Thread.sleep(forTimeInterval: 0.02)
    }
    Issue.record("timed out after \(seconds)s waiting for \(what)")
    throw CLIError("timeout: \(what)")
}

/// Waits for a semaphore with a deadline: a test never hangs the suite.
func awaitSignal(_ s: DispatchSemaphore, seconds: Double = 30) throws {
    guard s.wait(timeout: .now() + seconds) == .success else {
        Issue.record("timed out after \(seconds)s")
        throw CLIError("timeout")
    }
}

@Suite(.serialized) struct LiveSessionTests {
    @Test func linesAppendedToAWatchedFileReachTheCore() throws {
        let live = try LiveFixture().sessionWithProposal(readOnly: false)
        defer { live.stop() }
        let p = try #require(live.engine.snapshot().proposals.first)
        #expect(p.action.kind == .rollback)
        #expect(p.action.flag == "support-agent.model")
    }

    /// One process decides; a second one on the same ledger follows it
    /// read-only (a second deciding one is refused: RestartIdentityTests).
    @Test func aDecisionInOneProcessIsSeenByTheOtherAndNotRepeated() throws {
        let f = try LiveFixture()
        let ana = try Session.watch(configPath: f.config, fromStart: true, readOnly: false)
        let bo = try Session.watch(configPath: f.config, fromStart: true, readOnly: true)
        ana.start(); bo.start()
        defer { ana.stop(); bo.stop() }
        try f.append(LiveFixture.failure)
        try waitFor(5, "both proposals") {
            !ana.engine.snapshot().proposals.isEmpty && !bo.engine.snapshot().proposals.isEmpty
        }
        let done = DispatchSemaphore(value: 0)
        ana.desk.decide("P1", .confirmed, operatorName: "ana") { done.signal() }
        try awaitSignal(done)
        try waitFor(5, "bo to see ana's decision") {
            bo.engine.snapshot().proposals.first?.decidedBy == "ana"
        }
        let seen = try #require(bo.engine.snapshot().proposals.first)
        #expect(seen.status == .executed || seen.status == .confirmed)
        // Bo's keys cannot act on it again.
        let again = DispatchSemaphore(value: 0)
        bo.desk.decide("P1", .confirmed, operatorName: "bo") { again.signal() }
        try awaitSignal(again)
        let records = try DecisionLedger(path: f.ledger).records()
        #expect(records.filter { $0.kind == .decision }.count == 1, "\(records.map(\.operatorName))")
        #expect(records.filter { $0.kind == .outcome }.count == 1)
        #expect(bo.latestNotice?.contains("read-only") == true || bo.latestNotice?.contains("ana") == true)
    }

    @Test func readOnlyRecordsNothing() throws {
        let f = try LiveFixture()
        let live = try f.sessionWithProposal(readOnly: true)
        defer { live.stop() }
        let done = DispatchSemaphore(value: 0)
        live.desk.decide("P1", .confirmed, operatorName: "ana") { done.signal() }
        try awaitSignal(done)
        #expect(((try? DecisionLedger(path: f.ledger).records()) ?? []).isEmpty)
        #expect(live.latestNotice?.contains("read-only") == true)
    }
}
