import Testing
@testable import VigilCore
import VigilUI

@Suite struct ReducerTests {
    let model = Fixtures.model()

    /// A view that saw the model at `seenAt` milliseconds.
    func view(seenAt: Int64 = 0) -> ViewState {
        ViewState().observing(model, nowMillis: seenAt)
    }

    func press(_ keys: [Key], _ start: ViewState, model: DashboardModel? = nil,
               at now: Int64 = 10_000) -> (ViewState, [Command]) {
        var v = start
        var all: [Command] = []
        for k in keys {
            let (next, commands) = reduce(v, key: k, model: model ?? self.model, nowMillis: now)
            v = next
            all += commands
        }
        return (v, all)
    }

    @Test func confirmIsIgnoredUntilTheProposalHasBeenVisibleForHalfASecond() {
        let seen = view(seenAt: 1_000)
        let (early, none) = press([.char("y")], seen, at: 1_499)
        #expect(none.isEmpty)
        #expect(early.message?.contains("P1 appeared 499 ms ago") == true)
        let (_, commands) = press([.char("y")], seen, at: 1_500)
        #expect(commands == [.confirm(proposalID: "P1")])
    }

    @Test func aProposalFirstSeenAtTheKeyPressIsNotConfirmed() {
        // The model changed and the key came before any frame showed it.
        let (_, commands) = press([.char("y")], ViewState(), at: 5_000)
        #expect(commands.isEmpty)
    }

    @Test func rejectAndSnoozeWaitOutTheSameGuard() {
        let seen = view(seenAt: 1_000)
        #expect(press([.char("n")], seen, at: 1_499).1.isEmpty)
        #expect(press([.char("s")], seen, at: 1_499).1.isEmpty)
        #expect(press([.char("n")], seen, at: 1_500).1 == [.reject(proposalID: "P1")])
        #expect(press([.char("s")], seen, at: 1_500).1 == [.snooze(proposalID: "P1")])
    }

    @Test func readOnlyDisablesDecisionsAndSaysSo() {
        let ro = Fixtures.model(readOnly: true)
        let v = ViewState().observing(ro, nowMillis: 0)
        for key in ["y", "n", "s"] {
            let (next, commands) = press([.char(Character(key))], v, model: ro, at: 10_000)
            #expect(commands.isEmpty)
            #expect(next.message?.contains("read-only") == true)
        }
    }

    @Test func decidedProposalsCannotBeDecidedAgain() {
        let done = Fixtures.model(proposals: [Fixtures.proposal("P1", status: .executed)])
        let (v, commands) = press([.char("y")], ViewState().observing(done, nowMillis: 0), model: done)
        #expect(commands.isEmpty)
        #expect(v.message?.contains("executed") == true)
    }

    @Test func escalatedProposalsCanStillBeDecided() {
        let m = Fixtures.model(proposals: [Fixtures.proposal("P1", status: .escalated)])
        #expect(press([.char("y")], ViewState().observing(m, nowMillis: 0), model: m).1 == [.confirm(proposalID: "P1")])
    }

    @Test func selectionFollowsTheProposalNotTheRow() {
        let two = Fixtures.model(proposals: [Fixtures.proposal("P1"), Fixtures.proposal("P2", createdAt: 250)])
        var (v, _) = press([.down], ViewState().observing(two, nowMillis: 0), model: two)
        #expect(v.selectedProposalID == "P2")
        // P3 arrives and sorts first (escalated); the selection stays on P2.
        let three = Fixtures.model(proposals: two.core.proposals + [Fixtures.proposal("P3", status: .escalated, createdAt: 260)])
        v = v.observing(three, nowMillis: 9_000)
        #expect(ProposalQueue.ordered(three, filter: "").map(\.id) == ["P3", "P1", "P2"])
        #expect(v.selectedProposal(in: three) == 2)
        #expect(press([.char("y")], v, model: three, at: 10_000).1 == [.confirm(proposalID: "P2")])
    }

    @Test func enterOpensDetailsAndEscGoesBack() {
        var (v, _) = press([.enter], view())
        #expect(v.screen == .proposal("P1"))
        (v, _) = press([.char("?")], v)
        #expect(v.screen == .help)
        (v, _) = press([.escape], v)
        #expect(v.screen == .proposal("P1"))
        (v, _) = press([.escape], v)
        #expect(v.screen == .overview)
        #expect(v.backStack.isEmpty)
    }

    @Test func decisionsWorkOnTheDetailScreen() {
        var (v, _) = press([.enter], view())
        var commands: [Command]
        (v, commands) = press([.char("n")], v, at: 10_500)
        #expect(commands == [.reject(proposalID: "P1")])
    }

    @Test func helpListsTheKeysOfTheScreenYouCameFrom() {
        let (v, _) = press([.enter, .char("?")], view())
        let text = render(model, v, width: 100, height: 40, theme: .dark).text()
        #expect(text.contains("Proposal details keys"))
        for b in KeyMap.bindings(for: .proposal("P1")) { #expect(text.contains(b.keys)) }
        #expect(!text.contains("Tab focus") && !text.contains("between the proposals queue"))
    }

    @Test func filterNarrowsSignalsAndProposalsAndEscClearsIt() {
        var (v, _) = press([.char("/")] + "score".map { Key.char($0) }, view())
        #expect(v.inputMode == .filter)
        #expect(v.filter == "score")
        (v, _) = press([.enter], v)
        #expect(v.inputMode == .normal)
        let shown = SignalList.ordered(model, filter: v.filter).map(\.signal)
        #expect(shown == ["quality_score"])
        let text = render(model, v, width: 100, height: 30, theme: .dark).text()
        #expect(text.contains("quality_score") && !text.contains("p95_latency"))
        #expect(text.contains("filter \"score\""))
        // Typing q in the filter does not quit.
        (v, _) = press([.escape], v)
        #expect(v.filter.isEmpty)
        let (typing, commands) = press([.char("/"), .char("q"), .backspace, .backspace], view())
        #expect(commands.isEmpty)
        #expect(typing.inputMode == .normal)
    }

    @Test func commandLine() {
        func run(_ line: String, model m: DashboardModel? = nil) -> (ViewState, [Command]) {
            press([.char(":")] + line.map { Key.char($0) } + [.enter], view(), model: m)
        }
        #expect(run("theme light").1 == [.theme("light")])
        #expect(run("speed 60").1 == [.speed(60)])
        #expect(run("speed 2.5x").1 == [.speed(2.5)])
        #expect(run("seek -5m").1 == [.seek(seconds: -300)])
        #expect(run("quit").1 == [.quit])
        #expect(run("speed fast").0.message?.contains("usage") == true)
        #expect(run("speed -1").1.isEmpty)
        #expect(run("bogus").0.message?.contains("unknown command") == true)
        #expect(run("speed 60", model: Fixtures.model(mode: .live)).1.isEmpty)
        let (v, _) = press([.char(":"), .char("x"), .escape], view())
        #expect(v.inputMode == .normal && v.commandLine.isEmpty)
    }

    @Test func replayKeys() {
        #expect(press([.char(" ")], view()).1 == [.togglePause])
        #expect(press([.char("+"), .char("-")], view()).1 == [.faster, .slower])
        #expect(press([.left, .right], view()).1 == [.seek(seconds: -60), .seek(seconds: 60)])
        let live = Fixtures.model(mode: .live)
        let (v, commands) = press([.char(" ")], ViewState(), model: live)
        #expect(commands.isEmpty)
        #expect(v.message?.contains("live") == true)
    }

    @Test func quitKeys() {
        #expect(press([.char("q")], view()).1 == [.quit])
        #expect(press([.ctrlC], view()).1 == [.quit])
        #expect(press([.enter, .char("q")], view()).1 == [.quit])
    }

    @Test func tabMovesSelectionToSignalsAndEnterOpensOne() {
        var (v, _) = press([.tab, .down], view())
        #expect(v.focus == .signals)
        #expect(v.selectedSignal == SignalID(Fixtures.signals[1]))
        (v, _) = press([.enter], v)
        #expect(v.screen == .signal(SignalID(Fixtures.signals[1])))
        let text = render(model, v, width: 100, height: 30, theme: .dark).text()
        #expect(text.contains("p95_latency") && text.contains("latency.p95"))
    }

    @Test func messagesClearOnTheNextKeyButNotOnResize() {
        let (v, _) = press([.char("y")], ViewState(), at: 0)
        #expect(v.message != nil)
        #expect(press([.resize], v, at: 100).0.message != nil)
        #expect(press([.down], v, at: 100).0.message == nil)
    }

    @Test func scrollingScreensClampAtTheTop() {
        let (v, _) = press([.enter, .up, .up, .pageDown], view())
        #expect(v.scroll == 10)
        #expect(press([.home], v).0.scroll == 0)
    }
}
