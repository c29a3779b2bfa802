import Foundation
import VigilTestSupport
import Testing

/// The terminal experience with the real binary in a real terminal (tmux):
/// filtering, help, resizing, NO_COLOR, hostile labels, quitting back to a
/// working shell, read-only mode and the quit guard while an action runs.
/// Each test owns a private tmux server (see `Tmux`) and kills it on exit;
/// every wait has a deadline.
@Suite(.serialized) struct TerminalEndToEndTests {
    static let panelTitles = ["Error rates", "Output quality", "Behavioral signals", "Drift & agent beliefs"]
    static let proposalTitle = "shift canary traffic of support-agent.model to 0%"

    @discardableResult
    func waitForPanels(_ tmux: Tmux, _ seconds: Double = 30) throws -> String {
        try tmux.waitFor(seconds, "the four panels") { screen in Self.panelTitles.allSatisfy(screen.contains) }
    }

    // MARK: / filter

    @Test func slashFiltersPanelsAndTheProposalQueue() throws {
        let tmux = try Tmux()
        defer { tmux.kill() }
        try startDemo(tmux, state: temporaryDirectory("e2e-filter"))
        try tmux.waitFor(60, "the proposal") { $0.contains(Self.proposalTitle) }
        let before = try tmux.capture()
        #expect(signalRows(before).contains { $0.contains("policy-accuracy") })
        #expect(signalRows(before).contains { $0.contains("error-rate") })

        // Colour is on without NO_COLOR: the control for noColorMeansNoColourEscapes.
        let colours = sgrColourParameters(try tmux.capture(escapes: true))
        #expect(!colours.isEmpty, "expected colour escapes without NO_COLOR")

        try tmux.type("/error-rate")
        try tmux.press("Enter")
        var screen = try tmux.waitFor(10, "the filter to apply") { $0.contains("filter \"error-rate\"") }
        var rows = signalRows(screen)
        #expect(rows.count >= 1, "no signal rows under the filter:\n\(screen)")
        for row in rows { #expect(row.contains("error-rate"), "a row that does not match the filter: \(row)") }
        #expect(!proposalArea(screen).contains("P1"), "P1 does not match error-rate:\n\(screen)")
        #expect(proposalArea(screen).contains("no proposals match \"error-rate\" (1 hidden by the filter"),
                "the queue should say the filter hides P1:\n\(screen)")

        // A filter that matches P1 (its signal) shows it again, and only policy-accuracy rows.
        try tmux.press("Escape")
        try tmux.type("/accuracy")
        try tmux.press("Enter")
        screen = try tmux.waitFor(10, "the second filter") { $0.contains("filter \"accuracy\"") }
        rows = signalRows(screen)
        #expect(rows.count >= 1)
        for row in rows { #expect(row.contains("policy-accuracy"), "a row that does not match the filter: \(row)") }
        #expect(proposalArea(screen).contains("P1"), "P1's signal is policy-accuracy:\n\(screen)")

        // Esc clears it: every signal is back.
        try tmux.press("Escape")
        screen = try tmux.waitFor(10, "the filter to clear") { !$0.contains("filter \"") }
        #expect(signalRows(screen).contains { $0.contains("rephrase-rate") })
        try tmux.quitVigil()
    }

    // MARK: ? help

    @Test func questionMarkOpensHelpListingKeysAndEscReturns() throws {
        let tmux = try Tmux()
        defer { tmux.kill() }
        try startDemo(tmux, state: temporaryDirectory("e2e-help"))
        try waitForPanels(tmux)
        try tmux.type("?")
        // Wait for the whole frame: under load a capture can catch the help
        // text drawn over the top of a still-visible overview.
        let help = try tmux.waitFor(10, "the help screen") {
            $0.contains("Overview keys") && $0.contains("help for this screen") && !$0.contains("Output quality")
        }
        for text in ["Help · Overview", "Everywhere", "confirm the highlighted proposal", "reject the highlighted proposal",
                     "filter signals and proposals", "help for this screen", "q, Ctrl-C", "Esc"] {
            #expect(help.contains(text), "help lacks \(text):\n\(help)")
        }
        #expect(!help.contains("Output quality"), "help replaces the overview")
        try tmux.press("Escape")
        let back = try waitForPanels(tmux, 10)
        #expect(!back.contains("Overview keys"))
        try tmux.quitVigil()
    }

    // MARK: resize

    /// `blockedSignals`: vigil starts with SIGWINCH and SIGINT blocked, as it
    /// does in a tmux server that was started from a thread pool (Dispatch
    /// threads block most signals and children inherit the mask); resizing
    /// and Ctrl-C must work all the same.
    @Test(arguments: [false, true])
    func resizingReLaysOutTheScreen(blockedSignals: Bool) throws {
        let tmux = try Tmux(width: 160, height: 48)
        defer { tmux.kill() }
        let block = "python3 -c 'import os, signal, sys; signal.pthread_sigmask(signal.SIG_BLOCK, "
            + "{signal.SIGWINCH, signal.SIGINT}); os.execvp(sys.argv[1], sys.argv[1:])' env -u NO_COLOR"
        try startDemo(tmux, state: temporaryDirectory("e2e-resize"), env: blockedSignals ? block : "env -u NO_COLOR")
        let wide = try waitForPanels(tmux)
        #expect(wide.split(separator: "\n").contains { $0.contains("Error rates") && $0.contains("Output quality") },
                "160 columns: panels side by side")

        try tmux.resize(width: 80, height: 24)
        // Every condition is part of the wait, so a capture taken while a
        // frame is half drawn is not mistaken for the layout.
        func problems80x24(_ screen: String) -> [String] {
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var out: [String] = []
            for title in Self.panelTitles where !screen.contains(title) { out.append("\(title) missing") }
            if lines.first?.hasPrefix(" Vigil") != true { out.append("no status bar on the first row") }
            if lines.contains(where: { $0.contains("Error rates") && $0.contains("Output quality") }) {
                out.append("still the 2×2 grid")
            }
            if lines.count > 25 { out.append("\(lines.count) rows") }
            for line in lines where columns(line) > 80 { out.append("wider than 80: \(line)") }
            // Drawn for 80 columns, not clipped from 160: the rule ends at the edge.
            let rule = lines.first { $0.hasPrefix("─ Proposals") }
            if rule.map({ columns($0) == 80 && $0.hasSuffix("─") }) != true { out.append("proposals rule: \(rule ?? "none")") }
            if lines.last(where: { !$0.isEmpty })?.hasPrefix(" ") != true { out.append("no input row at the bottom") }
            return out
        }
        let small = try? tmux.waitFor(10, "an 80×24 layout") { problems80x24($0).isEmpty }
        let final = try small ?? tmux.capture()
        #expect(problems80x24(final).isEmpty, "\(problems80x24(final)):\n\(final)")

        // Smaller than 80×24: the compact layout.
        try tmux.resize(width: 60, height: 16)
        let compact = try tmux.waitFor(10, "the compact layout") {
            $0.contains("? help · Enter details · q quit") && $0.hasPrefix(" Vigil")
        }
        for line in compact.split(separator: "\n") { #expect(columns(String(line)) <= 60, "wider than 60: \(line)") }
        #expect(compact.hasPrefix(" Vigil"))

        // And back: the 2×2 grid again.
        try tmux.resize(width: 160, height: 48)
        try tmux.waitFor(10, "the grid again") { screen in
            screen.split(separator: "\n").contains { $0.contains("Error rates") && $0.contains("Output quality") }
        }
        if blockedSignals {
            // Ctrl-C still restores the terminal and ends vigil by SIGINT.
            // (An interactive bash drops the rest of a command list whose
            // command died of SIGINT, so ask for the status afterwards.)
            try tmux.press("C-c")
            try tmux.waitFor(10, "Ctrl-C to end vigil") { screen in
                !screen.contains("Output quality")
                    && screen.split(separator: "\n").last?.trimmingCharacters(in: .whitespaces) == "$"
            }
            try tmux.line("echo status=$?")
            try tmux.waitFor(10, "the exit status") { $0.split(separator: "\n").contains("status=130") }
        } else {
            try tmux.quitVigil()
        }
    }

    // MARK: NO_COLOR

    @Test func noColorMeansNoColourEscapes() throws {
        let tmux = try Tmux()
        defer { tmux.kill() }
        try startDemo(tmux, state: temporaryDirectory("e2e-nocolor"), env: "NO_COLOR=1")
        try tmux.waitFor(60, "the proposal") { $0.contains(Self.proposalTitle) }
        let escaped = try tmux.capture(escapes: true)
        #expect(escaped.contains("\u{1B}["), "the capture should still carry attributes (bold, reverse)")
        let colours = sgrColourParameters(escaped)
        #expect(colours.isEmpty, "colour escapes with NO_COLOR=1: \(colours.sorted())")
        // Meaning survives without colour: the words and symbols are there.
        let text = try tmux.capture()
        #expect(text.contains("✓ OK") && text.contains("▶ P1"))
        try tmux.quitVigil()
    }

    // MARK: hostile labels

    @Test func aLabelHoldingEscapeSequencesIsShownAsHarmlessText() throws {
        let vigil = try vigilBinary()
        let dir = temporaryDirectory("e2e-hostile")
        try """
            name: hostile-labels
            group_by: deployment
            sources: [metrics.jsonl]
            signals:
              - name: error-rate
                metric: errors.rate
                family: infrastructure
                detector:
                  type: threshold
                  value: 0.1
                  direction: higher_is_worse
                  for: 40s

            """.write(toFile: dir + "/vigil.yaml", atomically: true, encoding: .utf8)
        // JSON escapes, so the file holds the real control characters only
        // after decoding: ESC ] 0 ; pwned BEL (set the window title),
        // ESC [ 2 J (clear the screen), then "evil".
        let hostile = #"\u001b]0;pwned\u0007\u001b[2Jevil"#
        try """
            {"ts":"2026-02-14T10:00:00.000Z","metric":"errors.rate","value":0.02,"labels":{"deployment":"\(hostile)"}}
            {"ts":"2026-02-14T10:00:10.000Z","metric":"errors.rate","value":0.03,"labels":{"deployment":"\(hostile)"}}

            """.write(toFile: dir + "/metrics.jsonl", atomically: true, encoding: .utf8)

        let tmux = try Tmux(width: 120, height: 30)
        defer { tmux.kill() }
        let titleBefore = try tmux.display("#{pane_title}")
        try tmux.line("\(shellQuote(vigil)) watch --config \(shellQuote(dir + "/vigil.yaml")) --from-start; echo VIGIL-EXIT=$?")
        let screen = try tmux.waitFor(20, "the hostile label on screen") { $0.contains("evil") && $0.contains("error-rate") }
        // Draw the label again by a round trip through help: a raw ESC [2J
        // that got through would have cleared the screen behind the frame.
        try tmux.type("?")
        try tmux.waitFor(10, "help") { $0.contains("Overview keys") }
        try tmux.press("Escape")
        let after = try tmux.waitFor(10, "the overview again") { $0.contains("evil") && !$0.contains("Overview keys") }
        #expect(after == screen, "the screen changed with no new data:\n\(after)")
        #expect(after.hasPrefix(" Vigil"), "the status bar must survive")
        for title in Self.panelTitles { #expect(after.contains(title), "\(title) was wiped") }
        #expect(!after.contains("pwned"), "the OSC payload must not be shown as if it were data")
        #expect(after.contains("␛␛evil"), "each removed sequence must leave a visible mark")
        // Vigil sets the title itself (the state, never a label), and no
        // label changes it.
        let titleAfter = try tmux.display("#{pane_title}")
        #expect(titleAfter == "Vigil: all clear" || titleAfter == titleBefore, "the window title changed to \(titleAfter)")
        #expect(!titleAfter.contains("pwned"))
        #expect(!(try tmux.capture(escapes: true)).contains("]0;"), "no OSC reached the terminal")
        try tmux.quitVigil()
    }

    // MARK: q

    @Test func quittingLeavesAWorkingShell() throws {
        let tmux = try Tmux()
        defer { tmux.kill() }
        try startDemo(tmux, state: temporaryDirectory("e2e-quit"))
        try waitForPanels(tmux)
        let after = try tmux.quitVigil(10, "the shell after quitting")
        #expect(!after.contains("Output quality"), "the dashboard must be gone")
        // The shell reads, echoes and runs what is typed.
        try tmux.line("echo ok-$((40+2))")
        try tmux.waitFor(10, "the shell to run a command") { screen in
            screen.split(separator: "\n").contains { $0 == "ok-42" }
        }
        try tmux.line("stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(icanon|echo|isig|icrnl|opost)' | tr '\\n' ' '; echo")
        func answer(_ screen: String) -> Substring? {
            screen.split(separator: "\n").last { $0.contains("icanon") && !$0.contains("stty") }
        }
        let line = answer(try tmux.waitFor(10, "stty's answer") { answer($0) != nil }) ?? ""
        for mode in ["icanon", "echo", "isig", "icrnl", "opost"] {
            #expect(line.split(separator: " ").contains(Substring(mode)), "terminal mode \(mode) not restored: \(line)")
        }
    }

    // MARK: --read-only

    @Test func readOnlyShowsItAndYDoesNothing() throws {
        let tmux = try Tmux()
        defer { tmux.kill() }
        let state = temporaryDirectory("e2e-readonly")
        try startDemo(tmux, state: state, options: "--read-only --operator e2e")
        let screen = try tmux.waitFor(60, "the proposal") { $0.contains(Self.proposalTitle) }
        #expect(screen.contains("READ-ONLY"))
        let flags = state + "/flags.json"
        let flagsBefore = try Data(contentsOf: URL(fileURLWithPath: flags))
        // Read-only refuses before the half-second guard is asked, so no wait.
        try tmux.type("y")
        try tmux.waitFor(10, "the refusal") { $0.contains("read-only: y/n/s are disabled") }
        try tmux.type("n")
        try tmux.waitFor(10, "the refusal of n") { $0.contains("read-only: y/n/s are disabled") }
        let now = try tmux.capture()
        #expect(!now.contains("✓ EXECUTED") && !now.contains("✗ REJECTED"), "a decision was made:\n\(now)")
        // Once the process has exited, whatever it would write is written.
        try tmux.quitVigil()
        let ledger = (try? String(contentsOfFile: state + "/ledger.jsonl", encoding: .utf8)) ?? ""
        #expect(ledger.isEmpty, "read-only wrote the ledger: \(ledger)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: flags)) == flagsBefore, "read-only changed the flag file")
    }

    // MARK: did it work?

    @Test func anExecutedActionShowsWhetherItWorked() throws {
        let tmux = try Tmux(width: 120, height: 36)
        defer { tmux.kill() }
        try startDemo(tmux, state: temporaryDirectory("e2e-worked"))
        try tmux.waitFor(60, "the proposal") { $0.contains(Self.proposalTitle) }
        waitOutTheConfirmationGuard()
        try tmux.type("y")
        // Right after execution the core has not judged it yet; it may have
        // by the time we look. Either way a symbol and a word say which.
        let verdicts = ["… CHECKING: waiting for", "✓ WORKED:", "✗ NOT WORKING:"]
        let screen = try tmux.waitFor(20, "the verdict in the queue") { screen in
            screen.contains("✓ EXECUTED") && verdicts.contains { proposalArea(screen).contains($0) }
        }
        #expect(proposalArea(screen).contains("result"))
        try tmux.press("Enter")
        let detail = try tmux.waitFor(10, "the detail screen") { $0.contains("Worked?") }
        #expect(verdicts.contains { detail.contains($0) }, "detail without a verdict:\n\(detail)")
        try tmux.press("Escape")
        try tmux.quitVigil()
    }

    // MARK: quit guard

    @Test func quitAsksFirstWhileAnActionIsRunning() throws {
        let vigil = try vigilBinary()
        let dir = temporaryDirectory("e2e-busy")
        // The demo incident's policy, watched live from the start, with every
        // action carried out by a hook that takes 8 s.
        let fixture = packageRoot + "/fixtures/incidents/expired-return-policy"
        var policy = try String(contentsOfFile: fixture + "/vigil.yaml", encoding: .utf8)
        let hooksStart = try #require(policy.range(of: "hooks:\n"))
        let signalsStart = try #require(policy.range(of: "signals:\n"))
        policy.removeSubrange(hooksStart.lowerBound..<signalsStart.lowerBound)
        // (No escalation hook: it would hold the serial actions queue, and
        // the confirmation would wait behind it instead of running.)
        let hooks = ["traffic_shift", "rollback", "degrade", "restrict"]
            .map { "  \($0): [\"sleep\", \"8\"]" }.joined(separator: "\n")
        policy = "sources: [\(fixture)/metrics.jsonl]\nledger: ledger.jsonl\nhooks:\n\(hooks)\n" + policy
        try policy.write(toFile: dir + "/vigil.yaml", atomically: true, encoding: .utf8)

        let tmux = try Tmux()
        defer { tmux.kill() }
        try tmux.line("\(shellQuote(vigil)) watch --config \(shellQuote(dir + "/vigil.yaml")) --from-start --operator e2e; echo VIGIL-EXIT=$?")
        try tmux.waitFor(30, "a proposal") { $0.contains("▶ P1") }
        waitOutTheConfirmationGuard()
        try tmux.type("y")
        try tmux.waitFor(10, "the running action in the status bar") { $0.contains("⚙ ACTION RUNNING") }
        try tmux.type("q")
        let asked = try tmux.waitFor(5, "the question") { $0.contains("an action is still running") }
        #expect(asked.contains("press q again"))
        #expect(!asked.contains("VIGIL-EXIT"), "the first q must not quit while the action runs")
        // Still running and still answering keys after the first q.
        try tmux.type("?")
        let help = try tmux.waitFor(5, "help after the first q") { $0.contains("Overview keys") }
        #expect(!help.contains("VIGIL-EXIT"))
        try tmux.type("q")
        try tmux.waitForCleanExit(5, "the second q to quit")
        // The decision was written before the action ran; quitting anyway
        // left it without an outcome, which is what the question warned of.
        let ledger = try String(contentsOfFile: dir + "/ledger.jsonl", encoding: .utf8)
        #expect(ledger.contains("\"confirmed\"") && ledger.contains("\"e2e\""), "ledger: \(ledger)")
        // (Pages of the escalation ladder have outcomes of their own.)
        let actionOutcomes = ledger.split(separator: "\n").filter { $0.contains("\"kind\":\"outcome\"") && !$0.contains("\"escalation\"") }
        #expect(actionOutcomes.isEmpty, "the 8 s hook cannot have finished: \(ledger)")
    }
}

// MARK: Reading captures

/// Signal rows of the overview: cells of the panel area that start with a
/// status word (two panels share a line in the grid, split at "│").
func signalRows(_ screen: String) -> [String] {
    let badges = ["✓ OK", "✗ FAIL", "! BREACH", "… WARMING", "∅ NO DATA"]
    var rows: [String] = []
    for line in screen.split(separator: "\n") {
        if line.hasPrefix("─ Proposals") { break }
        for cell in line.split(separator: "│") {
            let text = cell.trimmingCharacters(in: .whitespaces)
            if badges.contains(where: text.hasPrefix) { rows.append(text) }
        }
    }
    return rows
}

/// The proposal queue: from its title rule to the timeline.
func proposalArea(_ screen: String) -> String {
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
    guard let start = lines.firstIndex(where: { $0.hasPrefix("─ Proposals") }) else { return "" }
    let end = lines[start...].firstIndex { $0.hasPrefix("─ Timeline") || $0.hasPrefix(" latest") } ?? lines.endIndex
    return lines[start..<end].joined(separator: "\n")
}

/// The colour-selecting SGR parameters in `text`: 30–37, 40–47, 90–97,
/// 100–107, and 38/48 (256-colour and RGB). 39 and 49 select the default
/// colour, which tmux writes as part of every attribute reset, so they count
/// as no colour.
func sgrColourParameters(_ text: String) -> Set<String> {
    var found: Set<String> = []
    let scalars = Array(text.unicodeScalars)
    var i = 0
    while i < scalars.count {
        guard scalars[i] == "\u{1B}", i + 1 < scalars.count, scalars[i + 1] == "[" else { i += 1; continue }
        var j = i + 2
        var params = ""
        while j < scalars.count, !(0x40...0x7E).contains(scalars[j].value) {
            params.unicodeScalars.append(scalars[j]); j += 1
        }
        if j < scalars.count, scalars[j] == "m" {
            var parts = params.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            while let p = parts.first {
                parts.removeFirst()
                guard let n = Int(p) else { continue }
                switch n {
                case 38, 48:
                    found.insert(p)
                    // Skip the colour's own arguments (5;N or 2;R;G;B).
                    if parts.first == "5" { parts.removeFirst(min(2, parts.count)) }
                    else if parts.first == "2" { parts.removeFirst(min(4, parts.count)) }
                case 30...37, 40...47, 90...97, 100...107: found.insert(p)
                default: break
                }
            }
        }
        i = j + 1
    }
    return found
}

/// Terminal columns of a captured line: East Asian wide characters take two.
func columns(_ line: String) -> Int {
    line.unicodeScalars.reduce(0) { sum, s in
        let v = s.value
        if s.properties.generalCategory == .nonspacingMark || s.properties.generalCategory == .enclosingMark { return sum }
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
        return sum + (wide ? 2 : 1)
    }
}
