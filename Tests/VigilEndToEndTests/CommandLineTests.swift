import Foundation
import VigilSystem
import VigilTestSupport
import Testing

/// Runs the real binary in the package root and returns (exit status, stdout + stderr).
func vigil(_ args: [String], stdin: String? = nil) throws -> (status: Int32, output: String) {
    var env = ProcessInfo.processInfo.environment
    env["SWIFT_BACKTRACE"] = "enable=no"
    let r = try ChildProcess.run([try vigilBinary()] + args, environment: env, input: Array((stdin ?? "").utf8),
                                 directory: packageRoot)
    return (r.status.code, String(decoding: r.output, as: UTF8.self))
}

@Suite struct CommandLineTests {
    @Test func checkReportsProblemsWithLineAndColumnAndExitsNonZero() throws {
        let dir = temporaryDirectory("check")
        let bad = dir + "/vigil.yaml"
        try "signals:\n  - name: a\n    metric: errors.rate\n    detector: {type: threshold, direction: up, value: 1}\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try vigil(["check", bad])
        #expect(r.status == 1)
        #expect(r.output.contains("vigil.yaml:4:"), "\(r.output)")
        #expect(r.output.contains("unknown direction 'up'"), "\(r.output)")
        let good = try vigil(["check", "fixtures/incidents/expired-return-policy/vigil.yaml"])
        #expect(good.status == 0, "\(good.output)")
    }

    /// Restriction by declaration: `check` holds `off_variant` (and
    /// `fallback`, `secondary`) against the flag file the policy names.
    @Test func checkHoldsDeclaredVariantsAgainstTheFlagFile() throws {
        let dir = temporaryDirectory("check-variants")
        try #"{"flags": {"agent.tools": {"state": "ENABLED", "variants": {"enabled": true, "disabled": false}, "defaultVariant": "enabled"}}}"#
            .write(toFile: dir + "/flags.json", atomically: true, encoding: .utf8)
        let policy = "flag_file: flags.json\nflags:\n  - {name: agent.tools, role: capability, off_variant: OFF}\nsignals:\n  - {name: e, metric: errors.rate, detector: {type: threshold, direction: higher_is_worse, value: 1}}\n"
        try policy.write(toFile: dir + "/vigil.yaml", atomically: true, encoding: .utf8)
        let bad = try vigil(["check", dir + "/vigil.yaml"])
        #expect(bad.status == 1)
        #expect(bad.output.contains("vigil.yaml:3:") && bad.output.contains("off_variant 'OFF' is not a variant of flag 'agent.tools'"), "\(bad.output)")
        try policy.replacingOccurrences(of: "OFF", with: "disabled").write(toFile: dir + "/vigil.yaml", atomically: true, encoding: .utf8)
        let good = try vigil(["check", dir + "/vigil.yaml"])
        #expect(good.status == 0, "\(good.output)")
    }

    @Test func parsePrintsNativeLinesAndFailsWithLineAndColumn() throws {
        let ok = try vigil(["parse", "--format", "prometheus"], stdin: "# TYPE up gauge\nup{job=\"a\"} 1 1771063200000\n")
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.contains(#""metric":"up""#), "\(ok.output)")
        let bad = try vigil(["parse", "--format", "jsonl"],
                            stdin: "{\"ts\":1771063200,\"metric\":\"a\",\"value\":1}\n{\"ts\":1771063200,\"metric\":\"a\",\"value\":}\n")
        #expect(bad.status == 1)
        #expect(bad.output.contains("line 2, column"), "\(bad.output)")
    }

    @Test func backtestExitsNonZeroWhenAnExpectationFails() throws {
        let pass = try vigil(["backtest", "fixtures/incidents/prompt-template-regression", "--format", "json"])
        #expect(pass.status == 0, "\(pass.output)")
        #expect(pass.output.hasPrefix("{\"incidents\":["))
        // The error-rate-only floor as the policy cannot meet the quality expectation.
        let fail = try vigil(["backtest", "fixtures/incidents/expired-return-policy", "--config", "fixtures/error-rate-only.yaml"])
        #expect(fail.status == 1, "\(fail.output)")
        #expect(fail.output.contains("✗"), "\(fail.output)")
    }

    @Test func ledgerVerifyFindsTamperingAndResolveClosesACrashedIntent() throws {
        let state = temporaryDirectory("ledger-cli")
        let replay = try vigil(["replay", "error-spike-rollback", "--headless", "--state-dir", state])
        #expect(replay.status == 0, "\(replay.output)")
        let ledger = state + "/ledger.jsonl"
        #expect(try vigil(["ledger", "verify", ledger]).status == 0)

        // Tamper with one byte of the first record's operator name.
        var text = try String(contentsOfFile: ledger, encoding: .utf8)
        text = text.replacingOccurrences(of: "policy:auto_after", with: "policy:auto_aftex", options: [], range: text.range(of: "policy:auto_after"))
        let tampered = state + "/tampered.jsonl"
        try text.write(toFile: tampered, atomically: true, encoding: .utf8)
        let broken = try vigil(["ledger", "verify", tampered])
        #expect(broken.status == 1)
        #expect(broken.output.contains("L000001"), "\(broken.output)")

        // A crash after the write-ahead: the intent without its outcome.
        let first = try String(contentsOfFile: ledger, encoding: .utf8).split(separator: "\n")[0]
        let crashed = state + "/crashed.jsonl"
        try (first + "\n").write(toFile: crashed, atomically: true, encoding: .utf8)
        let pending = try vigil(["ledger", "unresolved", crashed])
        #expect(pending.output.contains("1 confirmed action(s) with unknown outcome"), "\(pending.output)")
        let resolved = try vigil(["ledger", "resolve", crashed, "L000001", "--outcome", "succeeded",
                                  "--note", "checked the flag file", "--operator", "ana"])
        #expect(resolved.status == 0, "\(resolved.output)")
        #expect(try vigil(["ledger", "unresolved", crashed]).output.contains("no action with an unknown outcome"))
        #expect(try vigil(["ledger", "show", crashed]).output.contains("resolved by ana"))
    }

    /// Usage errors are the parser's (status 64, with usage); help exits 0;
    /// an error from running a command reads `vigil: …` with status 1.
    @Test func usageErrorsHelpAndRunErrorsExitDistinctly() throws {
        let format = try vigil(["backtest", "healthy-rollout", "--format", "xml"])
        #expect(format.status == 64)
        #expect(format.output.contains("Please provide one of 'text' and 'json'"), "\(format.output)")
        let speed = try vigil(["demo", "--speed=-1", "--headless"])
        #expect(speed.status == 64)
        #expect(speed.output.contains("--speed must be a number ≥ 0"), "\(speed.output)")
        let help = try vigil(["replay", "--help"])
        #expect(help.status == 0)
        #expect(help.output.hasPrefix("OVERVIEW: Replay"), "\(help.output)")
        let missing = try vigil(["ledger", "show", "/nonexistent/ledger.jsonl"])
        #expect(missing.status == 1)
        #expect(missing.output == "vigil: no ledger at /nonexistent/ledger.jsonl\n")
    }

    @Test func unfinishedOrWrongUsageNeverPretends() throws {
        let r = try vigil(["replay", "no-such-incident", "--headless"])
        #expect(r.status != 0)
        #expect(r.output.contains("no incident 'no-such-incident'"), "\(r.output)")
        let w = try vigil(["watch", "--config", "/nonexistent/vigil.yaml", "--headless"])
        #expect(w.status != 0)
    }
}

/// `--theme` takes a theme file's path, as `--help` says: the file is read
/// before the terminal is (so without one the next complaint is the terminal).
@Suite struct ThemePathTests {
    @Test func aThemeFilesPathIsAcceptedAndAMissingOneIsNamed() throws {
        let path = try vigil(["demo", "--theme", "themes/light.yaml"])
        #expect(path.status == 1)
        #expect(path.output.contains("must be a terminal"), "\(path.output)")
        #expect(!path.output.contains("theme"), "\(path.output)")
        let missing = try vigil(["demo", "--theme", "/nonexistent/night.yaml"])
        #expect(missing.status == 1)
        #expect(missing.output == "vigil: /nonexistent/night.yaml: cannot read the theme file\n", "\(missing.output)")
    }
}
