import Foundation
import Testing
@testable import VigilActions
@testable import VigilApp
import VigilCore
import VigilTestSupport

/// Across restarts: proposal ids continue from the ledger, one writer per
/// ledger or state directory, and a replay never resets a flag file behind
/// the operator's back.
@Suite struct RestartIdentityTests {
    func replayLines(_ state: String, resetFlags: Bool = false) throws -> [String] {
        let session = try Session.replay(incident: packageRoot + "/fixtures/incidents/error-spike-rollback",
                                         stateDir: state, speed: 0, paused: false, operatorName: "ana",
                                         resetFlags: resetFlags)
        defer { session.stop() }
        let sink = LineSink()
        session.runHeadless { sink.append($0) }
        return sink.lines
    }

    func proposalIDs(_ lines: [String]) -> [String] {
        lines.filter { $0.contains(#""type":"proposal""#) }.compactMap { line in
            line.range(of: #""id":"P[0-9]+""#, options: .regularExpression).map { String(line[$0].dropFirst(6).dropLast()) }
        }
    }

    @Test func aWatchRestartedOnItsLedgerNamesNewProposalsAndActsOnThem() throws {
        let f = try LiveFixture()
        let first = try f.sessionWithProposal(readOnly: false)
        #expect(first.engine.snapshot().proposals.map(\.id) == ["P1"])
        let done = DispatchSemaphore(value: 0)
        first.desk.decide("P1", .confirmed, operatorName: "ana") { done.signal() }
        try awaitSignal(done)
        first.stop()

        // The same data from the start: the new proposal is P2, and the
        // same action under a new id is not refused as "already confirmed".
        let second = try Session.watch(configPath: f.config, fromStart: true, readOnly: false)
        defer { second.stop() }
        second.start()
        try waitFor(5, "the restarted watch's proposal") { !second.engine.snapshot().proposals.isEmpty }
        #expect(second.engine.snapshot().proposals.map(\.id) == ["P2"])
        let again = DispatchSemaphore(value: 0)
        second.desk.decide("P2", .confirmed, operatorName: "ana") { again.signal() }
        try awaitSignal(again)
        let records = try DecisionLedger(path: f.ledger).records()
        #expect(records.filter { $0.kind == .outcome }.map(\.proposalID) == ["P1", "P2"], "\(second.latestNotice ?? "")")
        #expect(Set(records.compactMap { $0.intent?.idempotencyKey }).count == 2)
    }

    @Test func aVerdictOwedByAStoppedWatchIsFoundAndLedgeredByTheNextOne() throws {
        let f = try LiveFixture(extra: "verify_after: 30s\n")
        let first = try Session.watch(configPath: f.config, fromStart: true, readOnly: false, operatorName: "ana",
                                      tickSeconds: nil)
        first.start()
        try f.proposeAndConfirm(first)
        #expect(first.engine.snapshot().proposals.first?.status == .executed)
        // Stopped after the rollback, before anything said whether it worked.
        first.stop()
        let ledger = try DecisionLedger(path: f.ledger)
        #expect(try !ledger.records().contains { $0.kind == .verification })
        let intent = try #require(ledger.records().first { $0.isConfirmedIntent && $0.proposalID == "P1" })
        let outcome = try #require(ledger.records().first { $0.kind == .outcome && $0.proposalID == "P1" })
        #expect(try ledger.unverifiedActions() == [
            UnverifiedAction(proposalID: "P1", group: "support-agent", signals: ["error-rate"],
                             executedAt: try #require(parseTimestamp("2026-02-14T10:00:10Z"))),
        ])

        // The next watch's file holds only samples from after the restart
        // (an exporter that started a new file): the failure is not read again.
        try ((2...12).map { LivePostMortemTests.canary($0 * 10, 0.01) }.joined(separator: "\n") + "\n")
            .write(toFile: f.metrics, atomically: true, encoding: .utf8)
        let second = try Session.watch(configPath: f.config, fromStart: true, readOnly: false, tickSeconds: nil)
        defer { second.stop() }
        #expect(second.latestNotice?.hasPrefix("verdict owed on P1 (executed before the restart)") == true,
                "\(second.latestNotice ?? "")")
        second.start()
        try waitFor(5, "the verdict in the ledger") { (try? ledger.records().contains { $0.kind == .verification }) == true }
        let verdict = try #require(ledger.records().first { $0.kind == .verification })
        #expect(verdict.proposalID == "P1" && verdict.decision == "worked" && verdict.verification?.worked == true)
        // The delay runs from the earlier run's action: 10:00:10 + 1 minute
        // (the threshold's window), and it judges that run's outcome.
        #expect(verdict.eventTime == "2026-02-14T10:01:10.000Z")
        #expect(verdict.verification?.finding == "error-rate within bounds 1m after the action")
        #expect(verdict.verification?.outcomeRecordID == outcome.id)
        #expect(verdict.verification?.idempotencyKey == intent.intent?.idempotencyKey)
        #expect(verdict.group == "support-agent" && verdict.signal == "error-rate" && verdict.title == intent.title)
        #expect(DecisionLedger.verify(path: f.ledger).ok)
        #expect(second.engine.snapshot().proposals.isEmpty)
        second.stop()
        // Owed no more.
        #expect(try ledger.unverifiedActions().isEmpty)
    }

    @Test func aSecondWatchOnALedgerInUseIsRefusedAReadOnlyOneFollows() throws {
        let f = try LiveFixture()
        let first = try Session.watch(configPath: f.config, fromStart: true, readOnly: false)
        #expect {
            try Session.watch(configPath: f.config, fromStart: true, readOnly: false)
        } throws: { "\($0)".contains("in use by another Vigil process (pid \(getpid()): vigil watch") }
        let follower = try Session.watch(configPath: f.config, fromStart: true, readOnly: true)
        follower.stop()
        first.stop()
        // Released on stop (and by the kernel on exit or crash).
        try Session.watch(configPath: f.config, fromStart: true, readOnly: false).stop()
    }

    @Test func aDamagedLedgerIsAClearErrorAtStart() throws {
        let f = try LiveFixture()
        try "{\"id\": 1}\n".write(toFile: f.ledger, atomically: true, encoding: .utf8)
        #expect {
            try Session.watch(configPath: f.config, fromStart: true, readOnly: false)
        } throws: { "\($0)".contains("cannot continue from the ledger") && "\($0)".contains("has an unreadable line") }
    }

    @Test func aReplayContinuesItsStateDirectoryAndNeverResetsItsFlagsSilently() throws {
        let state = temporaryDirectory("replay-state")
        let first = try replayLines(state)
        let ids = proposalIDs(first)
        #expect(ids.first == "P1", "\(first)")
        // An earlier run's action left the flag file changed (this incident's
        // rollback happens to restore it, so change it as a confirmed shift would).
        let changed = try String(contentsOfFile: state + "/flags.json", encoding: .utf8)
            .replacingOccurrences(of: "\"defaultVariant\": \"c7\"", with: "\"defaultVariant\": \"c8\"")
        try changed.write(toFile: state + "/flags.json", atomically: true, encoding: .utf8)

        // A second replay would start from the wrong flags: refused, untouched.
        #expect {
            try replayLines(state)
        } throws: { "\($0)".contains("--reset-flags") && "\($0)".contains("no longer the incident's") }
        #expect(try String(contentsOfFile: state + "/flags.json", encoding: .utf8) == changed)

        // Asked for: the reset is in the ledger first, and the ids go on past
        // those the ledger recorded (P1, auto-executed; the first run's
        // follow-up P2 was never decided, so it is not in the ledger).
        let ledgered = try DecisionLedger(path: state + "/ledger.jsonl").records().compactMap { Int($0.proposalID.dropFirst()) }.max() ?? 0
        #expect(ledgered >= 1 && ledgered <= ids.count)
        let second = try replayLines(state, resetFlags: true)
        #expect(try String(contentsOfFile: state + "/flags.json", encoding: .utf8) != changed)
        #expect(proposalIDs(second).first == "P\(ledgered + 1)", "\(second)")
        #expect(!second.contains { $0.contains("already confirmed") }, "\(second)")
        let records = try DecisionLedger(path: state + "/ledger.jsonl").records()
        let note = try #require(records.first { $0.kind == .note })
        #expect(note.decision == "flag_file_reset" && note.operatorName == "ana")
        #expect(records.firstIndex(of: note)! < records.firstIndex { $0.proposalID == "P\(ledgered + 1)" }!)
    }

    @Test func aReplayOnAStateDirectoryInUseIsRefused() throws {
        let state = temporaryDirectory("replay-busy")
        let first = try Session.replay(incident: "error-spike-rollback", stateDir: state, speed: 0, paused: true)
        defer { first.stop() }
        #expect {
            try Session.replay(incident: "error-spike-rollback", stateDir: state, speed: 0, paused: true)
        } throws: { "\($0)".contains("vigil replay error-spike-rollback") }
    }
}
