import Foundation
import Testing
import VigilTestSupport

/// Errors at start are readable on the restored terminal, not drawn inside
/// the alternate screen where they vanish; a typo'd source shows on screen.
@Suite(.serialized) struct VisibleErrorEndToEndTests {
    func policy(in dir: String) throws -> String {
        let path = dir + "/vigil.yaml"
        try """
        name: typo
        sources: [metrics-typo.jsonl]
        ledger: ledger.jsonl
        bogus_key: 1
        signals:
          - name: error-rate
            metric: errors.rate
            detector: {type: threshold, direction: higher_is_worse, value: 0.1}

        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aBadThemeIsPrintedAfterTheTerminalIsRestored() throws {
        let vigil = try vigilBinary()
        let dir = temporaryDirectory("e2e-bad-theme")
        let config = try policy(in: dir)
        let tmux = try Tmux(width: 200, height: 30)
        defer { tmux.kill() }
        try tmux.line("\(shellQuote(vigil)) watch --config \(shellQuote(config)) --theme no-such-theme; echo VIGIL-EXIT=$?")
        // The typed command holds `VIGIL-EXIT=$?`: wait for a status.
        let screen = try tmux.waitFor(20, "vigil to exit") { $0.contains("VIGIL-EXIT=1") || $0.contains("VIGIL-EXIT=0") }
        #expect(screen.contains("VIGIL-EXIT=1"), "\(screen)")
        #expect(screen.contains("vigil: no theme 'no-such-theme'"), "\(screen)")
        // The policy's warnings were printed before, as `vigil check` gives them.
        #expect(screen.contains("vigil.yaml:4:1: warning: unknown key 'bogus_key'"), "\(screen)")
    }

    @Test func aTypoedSourceIsACrossOnScreenAndSaidAgainAtExit() throws {
        let vigil = try vigilBinary()
        let dir = temporaryDirectory("e2e-typo-source")
        let config = try policy(in: dir)
        let tmux = try Tmux(width: 160, height: 40)
        defer { tmux.kill() }
        try tmux.line("\(shellQuote(vigil)) watch --config \(shellQuote(config)); echo VIGIL-EXIT=$?")
        let screen = try tmux.waitFor(20, "the missing source and the waiting signal") {
            $0.contains("metrics-typo.jsonl ✗") && $0.contains("NO DATA error-rate")
        }
        #expect(screen.contains("no proposals, but source metrics-typo.jsonl ✗ unread, its signals not judged"), "\(screen)")
        #expect(!screen.contains("nothing needs a decision"), "\(screen)")
        let after = try tmux.quitVigil()
        #expect(after.contains("vigil: source metrics-typo.jsonl ✗ does not exist"), "\(after)")
    }
}

/// `replay --ledger` on the command line: headless only, and a missing
/// ledger is a clear error.
@Suite struct ReplayLedgerCommandLineTests {
    @Test func ledgerNeedsHeadlessAndAnExistingFile() throws {
        let screen = try vigil(["replay", "healthy-rollout", "--ledger", "/nonexistent/ledger.jsonl"])
        #expect(screen.status == 64, "\(screen.output)")
        #expect(screen.output.contains("--ledger replays a live session's decisions headless: add --headless"), "\(screen.output)")
        let missing = try vigil(["replay", "healthy-rollout", "--headless", "--ledger", "/nonexistent/ledger.jsonl",
                                 "--state-dir", temporaryDirectory("replay-ledger-missing")])
        #expect(missing.status == 1, "\(missing.output)")
        #expect(missing.output.contains("vigil: no ledger at /nonexistent/ledger.jsonl"), "\(missing.output)")
    }
}
