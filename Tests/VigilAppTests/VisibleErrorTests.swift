import Foundation
import Testing
@testable import VigilApp
import VigilCore
import VigilIngest
import VigilTestSupport
import VigilUI

/// A typo in a source path must not look like a healthy, quiet system: the
/// source is a ✗ with its reason on the screen's model and in the headless
/// stream, the configured signals are listed before any data, and the
/// policy's warnings are kept for the sources screen.
@Suite struct VisibleErrorTests {
    /// The live fixture with its source renamed to a file that does not exist.
    func typoFixture(extra: String = "") throws -> LiveFixture {
        let f = try LiveFixture(extra: extra)
        let text = try String(contentsOfFile: f.config, encoding: .utf8)
            .replacingOccurrences(of: "sources: [metrics.jsonl]", with: "sources: [metrics-typo.jsonl]")
        try text.write(toFile: f.config, atomically: true, encoding: .utf8)
        return f
    }

    @Test func aMissingSourceIsAnErrorOnScreenWithTheSignalsListed() throws {
        let f = try typoFixture()
        let live = try Session.watch(configPath: f.config, fromStart: true, readOnly: true, tickSeconds: nil)
        // Listed before the reader has looked: the configured source and signal.
        let before = live.models.current.status
        #expect(before.sources.map(\.name) == ["metrics-typo.jsonl", "flags.json"])
        #expect(before.configuredSignals == [ConfiguredSignal(name: "error-rate", metric: "errors.rate", family: .infrastructure)])
        live.start()
        defer { live.stop() }
        try waitFor(5, "the missing source reported") {
            live.models.current.status.sources.first?.unreadable == FollowedFile.missingReason
        }
        #expect(live.latestNotice?.contains("metrics-typo.jsonl ✗ does not exist") == true, "\(String(describing: live.latestNotice))")
        // Created later, it is read and the ✗ goes.
        try "".write(toFile: f.dir + "/metrics-typo.jsonl", atomically: true, encoding: .utf8)
        try waitFor(5, "the source readable") { live.models.current.status.sources.first?.unreadable == nil }
    }

    @Test func headlessPrintsTheMissingSourceInTheEventStream() throws {
        let f = try typoFixture()
        let live = try Session.watch(configPath: f.config, fromStart: true, readOnly: true, tickSeconds: nil)
        let lines = Lines()
        live.begin(printing: { lines.append($0) })
        defer { live.stop() }
        try waitFor(5, "a source line") { lines.all.contains { $0.contains(#""type":"source""#) } }
        let line = try #require(lines.all.first { $0.contains(#""type":"source""#) })
        #expect(line.contains(#""source":"\#(f.dir)/metrics-typo.jsonl""#), "\(line)")
        #expect(line.contains(#""status":"unreadable","reason":"does not exist (waiting for it to be created)""#), "\(line)")
        try "".write(toFile: f.dir + "/metrics-typo.jsonl", atomically: true, encoding: .utf8)
        try waitFor(5, "the source ok again") { lines.all.contains { $0.contains(#""status":"ok""#) } }
    }

    @Test func policyWarningsAreKeptForTheScreen() throws {
        let f = try LiveFixture(extra: "bogus_key: 1\n")
        let live = try Session.watch(configPath: f.config, fromStart: true, readOnly: true, tickSeconds: nil)
        let warnings = live.policyWarnings
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix(f.config + ":") == true, "\(warnings)")
        #expect(warnings.first?.contains("warning: unknown key 'bogus_key'") == true, "\(warnings)")
        #expect(live.models.current.status.policyWarnings == warnings)
    }

    @Test func aReplayKeepsItsPolicyWarningsToo() throws {
        let dir = temporaryDirectory("replay-warn")
        let bundled = try IncidentBundle.bundled("healthy-rollout")
        for file in ["metrics.jsonl", "flags.json"] {
            try FileManager.default.copyItem(atPath: bundled.directory + "/" + file, toPath: dir + "/" + file)
        }
        let policy = try String(contentsOfFile: bundled.policy, encoding: .utf8)
        try (policy + "\nbogus_key: 1\n").write(toFile: dir + "/vigil.yaml", atomically: true, encoding: .utf8)
        let replay = try Session.replay(incident: dir, stateDir: temporaryDirectory("replay-warn-state"),
                                        speed: 0, paused: true)
        #expect(replay.policyWarnings.count == 1 && replay.policyWarnings[0].contains("bogus_key"), "\(replay.policyWarnings)")
        #expect(!replay.models.current.status.configuredSignals.isEmpty)
    }
}

