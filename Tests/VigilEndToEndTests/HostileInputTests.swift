import Foundation
import VigilTestSupport
import Testing

/// The real binary fed hostile files: it must answer with a clear error,
/// never a trap, and never pass a control code through to the terminal.
@Suite struct HostileInputTests {
    @Test func aHugeDurationIsAPolicyErrorNotACrash() throws {
        let dir = temporaryDirectory("huge-duration")
        let path = dir + "/vigil.yaml"
        try """
        escalate_after: 1e16
        signals:
          - name: e
            metric: errors.rate
            detector: {type: threshold, direction: higher_is_worse, value: 0.1, for: 200000000000d}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try vigil(["check", path])
        #expect(r.status == 1, "\(r.output)")
        #expect(r.output.contains("vigil.yaml:1:17: error: 'escalate_after' is too long"), "\(r.output)")
        #expect(r.output.contains("vigil.yaml:5:"), "\(r.output)")
    }

    @Test func aHugeOrNegativeReplaySpeedIsRefused() throws {
        let r = try vigil(["replay", "expired-return-policy", "--headless", "--speed=-1"])
        #expect(r.status != 0)
        #expect(r.output.contains("--speed must be a number"), "\(r.output)")
    }
}

/// An incident whose deployment name carries terminal commands: retitle
/// (OSC 0), clipboard (OSC 52), clear screen (CSI 2J), a C1 CSI, a zero
/// width space, and Markdown table and HTML punctuation.
struct HostileIncident {
    static let yamlName = #"support-agent\e]0;pwned\a\e]52;c;Y2xpcA==\a\e[2J\x9b31m\u200b|`<b>x"#
    static let jsonName = #"support-agent\u001b]0;pwned\u0007\u001b]52;c;Y2xpcA==\u0007\u001b[2J\u009b31m\u200b|`<b>x"#
    let dir: String

    init() throws {
        let source = packageRoot + "/fixtures/incidents/error-spike-rollback"
        dir = temporaryDirectory("hostile-incident") + "/error-spike-rollback"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for file in ["metrics.jsonl", "flags.json"] {
            let text = try String(contentsOfFile: source + "/" + file, encoding: .utf8)
            try text.replacingOccurrences(of: "support-agent", with: Self.jsonName)
                .write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        }
        for file in ["vigil.yaml", "expect.yaml"] {
            let text = try String(contentsOfFile: source + "/" + file, encoding: .utf8)
            let quoted = try Regex(#"support-agent([.a-z]*)"#)
            try text.replacingOccurrences(of: "support-agent-governance", with: "hostile")
                .replacing(quoted) { "\"" + Self.yamlName + $0.output[1].substring! + "\"" }
                .write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        }
    }
}

/// True when `text` holds no byte that drives a terminal: no C0 control but
/// the line breaks and tabs meant, no DEL, no C1 control, and (for text
/// meant for people) no invisible character.
func isTerminalSafe(_ text: String, invisibleAllowed: Bool = false) -> Bool {
    text.unicodeScalars.allSatisfy { s in
        let v = s.value
        if v == 0x0A || v == 0x09 { return true }
        if v < 0x20 || (0x7F...0x9F).contains(v) { return false }
        if !invisibleAllowed, v == 0x200B { return false }
        return true
    }
}

@Suite struct HostileLabelOutputTests {
    @Test func noCommandOutputCarriesAnEscapeCode() throws {
        let incident = try HostileIncident()
        let state = temporaryDirectory("hostile-state")
        let timeline = state + "/timeline.md"
        let replay = try vigil(["replay", incident.dir, "--headless", "--speed", "0", "--state-dir", state + "/r",
                                "--export-timeline", timeline])
        #expect(replay.status == 0, "\(replay.output)")
        #expect(replay.output.contains("pwned"), "the JSON stream keeps the data, escaped")
        #expect(isTerminalSafe(replay.output, invisibleAllowed: true), "\(replay.output.debugDescription)")

        let ledger = state + "/r/ledger.jsonl"
        #expect(FileManager.default.fileExists(atPath: ledger))
        let show = try vigil(["ledger", "show", ledger])
        #expect(show.status == 0)
        #expect(show.output.contains("support-agent␛␛␛␛⟨U+200B⟩|`<b>x"), "\(show.output)")
        #expect(isTerminalSafe(show.output) && !show.output.contains("pwned"), "\(show.output.debugDescription)")
        let json = try vigil(["ledger", "show", ledger, "--format", "json"])
        #expect(isTerminalSafe(json.output, invisibleAllowed: true), "\(json.output.debugDescription)")

        let backtest = try vigil(["backtest", incident.dir])
        #expect(backtest.output.contains("support-agent␛"), "\(backtest.output)")
        #expect(isTerminalSafe(backtest.output) && !backtest.output.contains("pwned"), "\(backtest.output.debugDescription)")
        let backtestJSON = try vigil(["backtest", incident.dir, "--format", "json"])
        #expect(isTerminalSafe(backtestJSON.output, invisibleAllowed: true))

        let md = try String(contentsOfFile: timeline, encoding: .utf8)
        #expect(isTerminalSafe(md) && !md.contains("pwned"), "\(md.debugDescription)")
        #expect(md.contains(#"support-agent␛␛␛␛⟨U+200B⟩\|\`\<b>x"#), "\(md)")
        for row in md.split(separator: "\n") where row.hasPrefix("|") {
            // Three cell borders per row: no label may add a cell.
            #expect(row.replacingOccurrences(of: #"\|"#, with: "").filter { $0 == "|" }.count == 3, "\(row)")
        }
    }

    @Test func policyMessagesAreSanitized() throws {
        let dir = temporaryDirectory("hostile-check")
        try "\"evil\\e]0;pwned\\a\\u200b\": 1\nsignals: []\n".write(toFile: dir + "/vigil.yaml", atomically: true, encoding: .utf8)
        let r = try vigil(["check", dir + "/vigil.yaml"])
        #expect(r.output.contains("evil␛⟨U+200B⟩"), "\(r.output)")
        #expect(isTerminalSafe(r.output), "\(r.output.debugDescription)")
        let missing = try vigil(["ledger", "show", dir + "/no\u{1b}]0;pwned\u{07}such"])
        #expect(missing.status == 1)
        #expect(isTerminalSafe(missing.output) && !missing.output.contains("pwned"), "\(missing.output.debugDescription)")
    }
}

@Suite struct LedgerAnchorCommandTests {
    @Test func verifyFindsACutEndWithTheCheckpointOrAnExpectedHead() throws {
        let state = temporaryDirectory("anchor")
        let replay = try vigil(["replay", "error-spike-rollback", "--headless", "--state-dir", state])
        #expect(replay.status == 0, "\(replay.output)")
        let ledger = state + "/ledger.jsonl"
        let head = try String(contentsOfFile: ledger + ".head", encoding: .utf8).trimmingCharacters(in: .newlines)
        let ok = try vigil(["ledger", "verify", ledger, "--expect-head", head])
        #expect(ok.status == 0 && ok.output.contains("reaches head"), "\(ok.output)")

        let lines = try String(contentsOfFile: ledger, encoding: .utf8).split(separator: "\n")
        try (lines.dropLast().joined(separator: "\n") + "\n").write(toFile: ledger, atomically: false, encoding: .utf8)
        let withCheckpoint = try vigil(["ledger", "verify", ledger])
        #expect(withCheckpoint.status == 1 && withCheckpoint.output.contains("the end was cut"), "\(withCheckpoint.output)")

        try FileManager.default.removeItem(atPath: ledger + ".head")
        let unanchored = try vigil(["ledger", "verify", ledger])
        #expect(unanchored.status == 0 && unanchored.output.contains("end not anchored"), "\(unanchored.output)")
        let expected = try vigil(["ledger", "verify", ledger, "--expect-head", head])
        #expect(expected.status == 1 && expected.output.contains("the end was cut"), "\(expected.output)")
        let junk = try vigil(["ledger", "verify", ledger, "--expect-head", "7:nothex"])
        #expect(junk.status == 1 && junk.output.contains("SEQ:HASH"), "\(junk.output)")
    }
}
