import Foundation
import Testing
@testable import VigilApp
import VigilCore
import VigilTestSupport

/// The post-mortem timeline of a live watch: written from the session, and
/// "mitigated" only once the verification said the action worked.
@Suite(.serialized) struct LivePostMortemTests {
    static func canary(_ second: Int, _ value: Double) -> String {
        let t = String(format: "10:%02d:%02d", second / 60, second % 60)
        return #"{"ts":"2026-02-14T\#(t)Z","metric":"errors.rate","value":\#(value),"labels":{"deployment":"support-agent","variant":"canary"}}"#
    }

    func export(_ s: Session) throws -> String {
        let path = temporaryDirectory("live-pm") + "/timeline.md"
        try s.exportTimeline(to: path)
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func aWatchSessionsTimelineCountsMitigatedOnlyWhenVerified() throws {
        let f = try LiveFixture(extra: "verify_after: 30s\n")
        let live = try Session.watch(configPath: f.config, fromStart: true, readOnly: false, operatorName: "ana",
                                     tickSeconds: nil)
        let recording = temporaryDirectory("live-pm-rec") + "/rec"
        try live.record(into: recording, policyFile: f.config)
        live.start()
        defer { live.stop() }
        try f.proposeAndConfirm(live)
        #expect(live.engine.snapshot().proposals.first?.status == .executed)

        var md = try export(live)
        #expect(md.hasPrefix("# Post-mortem timeline: live watch of live-test\n"), "\(md)")
        #expect(md.contains("| first action done | 2026-02-14T10:00:10.000Z |"), "\(md)")
        #expect(md.contains("| time to mitigate | not mitigated (an action is not verified yet) |"), "\(md)")
        #expect(md.contains("- decision: **confirmed** by ana at 10:00:10"), "\(md)")

        // The error rate recovers: once verified, it is mitigated.
        try f.append((2...8).map { Self.canary($0 * 10, 0.01) })
        try waitFor(5, "the verification") { live.engine.snapshot().proposals.first?.verification != nil }
        let verdict = try #require(live.engine.snapshot().proposals.first?.verification)
        #expect(verdict.worked, "\(verdict)")
        md = try export(live)
        #expect(md.contains("| mitigated | 2026-02-14T10:00:10.000Z (the action verified as working) |"), "\(md)")
        #expect(md.contains("| time to mitigate | 10s |"), "\(md)")
        #expect(md.contains("- afterwards: "), "\(md)")
        live.stop()

        // Later, from the recording and the ledger alone: the same timeline.
        let replay = try Session.replay(incident: recording, stateDir: temporaryDirectory("live-pm-replay"),
                                        speed: 0, paused: false, decisions: f.ledger)
        let lines = Lines()
        replay.runHeadless { lines.append($0) }
        #expect(replay.unmatchedLedgerRecords == 0)
        #expect(lines.all.contains { $0.contains(#""type":"decision","proposal":"P1","verdict":"confirmed","operator":"ana""#) },
                "\(lines.all)")
        let again = try export(replay)
        #expect(again.hasPrefix("# Post-mortem timeline: rec\n"), "\(again)")
        #expect(again.drop { $0 != "\n" } == md.drop { $0 != "\n" }, "live:\n\(md)\nreplayed:\n\(again)")
        // Nothing was decided anew: the replay's own ledger stays empty.
        #expect(try replay.ledger.records().isEmpty)
    }
}
