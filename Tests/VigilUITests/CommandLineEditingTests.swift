import Testing
@testable import VigilUI

/// The `:` line as a shell's: Ctrl-U, Ctrl-W, Tab completion, ↑/↓ history.
@Suite struct CommandLineEditingTests {
    let model = Fixtures.model()

    func press(_ keys: [Key], _ start: ViewState = ViewState()) -> (ViewState, [Command]) {
        var v = start
        var all: [Command] = []
        for k in keys {
            let (next, commands) = reduce(v, key: k, model: model, nowMillis: 10_000)
            v = next
            all += commands
        }
        return (v, all)
    }

    func typed(_ text: String) -> [Key] { text.map { Key.char($0) } }

    @Test func ctrlUClearsTheLineSoOnlyWhatFollowsRuns() {
        let (v, commands) = press(typed(":the") + [.ctrlU] + typed("bogus") + [.enter])
        #expect(commands.isEmpty)
        #expect(v.message?.hasPrefix("unknown command :bogus —") == true, "\(v.message ?? "nil")")
        #expect(v.inputMode == .normal)
    }

    @Test func ctrlWDeletesTheLastWord() {
        let (v, _) = press(typed(":theme light  ") + [.ctrlW])
        #expect(v.commandLine == "theme ")
        let (w, _) = press([.ctrlW], v)
        #expect(w.commandLine == "")
        #expect(w.inputMode == .command)
    }

    @Test func ctrlUAndCtrlWEditTheFilterToo() {
        let (v, _) = press(typed("/quality score") + [.ctrlW])
        #expect(v.filter == "quality ")
        let (w, _) = press([.ctrlU], v)
        #expect(w.filter == "" && w.inputMode == .filter)
    }

    @Test func escLeavesTheCommandLineWithoutRunningIt() {
        let (v, commands) = press(typed(":quit") + [.escape])
        #expect(commands.isEmpty && v.inputMode == .normal && v.commandLine.isEmpty)
    }

    @Test func tabCompletesAUniqueCommandAndAddsTheSpaceForItsArgument() {
        let (v, _) = press(typed(":th") + [.tab])
        #expect(v.commandLine == "theme ")
        let (w, _) = press(typed(":led") + [.tab])
        #expect(w.commandLine == "ledger")
    }

    @Test func tabCompletesThemeNames() {
        let (v, commands) = press(typed(":theme hi") + [.tab, .enter])
        #expect(commands == [.theme("high-contrast")])
        #expect(v.history.entries == ["theme high-contrast"])
    }

    @Test func tabStepsThroughSeveralCandidatesAndShiftTabGoesBack() {
        // dark, light, high-contrast, monochrome: nothing shared, so Tab steps.
        var (v, _) = press(typed(":theme ") + [.tab])
        #expect(v.commandLine == "theme dark")
        (v, _) = press([.tab], v)
        #expect(v.commandLine == "theme light")
        (v, _) = press([.backTab], v)
        #expect(v.commandLine == "theme dark")
        (v, _) = press([.backTab], v)
        #expect(v.commandLine == "theme monochrome")
        // Typing ends the stepping: the next Tab completes what is typed.
        (v, _) = press([.ctrlW] + typed("l") + [.tab], v)
        #expect(v.commandLine == "theme light")
    }

    @Test func tabExtendsToWhatTheCandidatesShareFirst() {
        // Several "s…" commands (seek, speed, sources, snooze): "s" is all they share, so Tab steps.
        let (v, _) = press(typed(":se") + [.tab])
        #expect(v.commandLine == "seek ")
        let (w, _) = press(typed(":s") + [.tab])
        #expect(["speed", "seek", "sources", "snooze"].contains(w.commandLine))
        #expect(w.completion?.candidates.count == 4)
    }

    @Test func filterArgumentsCompleteToDeploymentsSignalsAndProposals() {
        let (v, _) = press(typed(":filter quality_s") + [.tab])
        #expect(v.commandLine == "filter quality_score")
        let (w, _) = press(typed(":filter supp") + [.tab])
        #expect(w.commandLine == "filter support-agent")
        let (f, _) = press(typed("/p95") + [.tab])
        #expect(f.filter == "p95_latency")
    }

    @Test func nothingToCompleteSaysSo() {
        let (v, _) = press(typed(":zz") + [.tab])
        #expect(v.commandLine == "zz")
        #expect(v.message == "nothing starts with \"zz\"")
    }

    @Test func upAndDownWalkTheHistoryAndComeBackToTheDraft() {
        var (v, _) = press(typed(":filter a") + [.enter] + typed(":filter b") + [.enter] + typed(":fil"))
        #expect(v.history.entries == ["filter a", "filter b"])
        (v, _) = press([.up], v)
        #expect(v.commandLine == "filter b")
        (v, _) = press([.up, .up], v)
        #expect(v.commandLine == "filter a") // stays at the oldest
        (v, _) = press([.down], v)
        #expect(v.commandLine == "filter b")
        (v, _) = press([.down], v)
        #expect(v.commandLine == "fil")
        let (ran, _) = press([.up, .enter], v)
        #expect(ran.filter == "b")
        #expect(ran.history.entries == ["filter a", "filter b"]) // the same line twice is kept once
    }

    @Test func historyKeepsOnlyTheLatestEntries() {
        var h = CommandHistory()
        for i in 0..<(CommandHistory.limit + 5) { h.record("seek \(i)") }
        #expect(h.entries.count == CommandHistory.limit)
        #expect(h.entries.first == "seek 5")
        h.record("   ")
        #expect(h.entries.last == "seek \(CommandHistory.limit + 4)")
    }

    @Test func arrowsInTheFilterAreNotHistory() {
        let (v, _) = press(typed("/abc") + [.up])
        #expect(v.filter == "abc")
    }
}
