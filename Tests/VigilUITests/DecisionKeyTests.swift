import Testing
@testable import VigilCore
@testable import VigilUI

/// The decision keys as a tired person uses them: typed ahead, after a
/// search, on the highlighted row, taken back, picked by number.
@Suite struct DecisionKeyTests {
    let two = Fixtures.model(proposals: [Fixtures.proposal("P1"), Fixtures.proposal("P2", createdAt: 250)])

    func press(_ keys: [Key], _ start: ViewState, model: DashboardModel, at now: Int64) -> (ViewState, [Command]) {
        var v = start
        var all: [Command] = []
        for k in keys {
            let (next, commands) = reduce(v, key: k, model: model, nowMillis: now)
            v = next
            all += commands
        }
        return (v, all)
    }

    @Test func nRightAfterASearchDoesNotReject() {
        let start = ViewState().observing(two, nowMillis: 0)
        // `/P2` Enter then `n` at once: the less/vim habit of "next match".
        let (typed, commands) = press([.char("/"), .char("P"), .char("2"), .enter, .char("n")], start, model: two, at: 10_000)
        #expect(commands.isEmpty)
        #expect(typed.message?.contains("the screen changed") == true, "\(typed.message ?? "")")
        // Once the filtered screen has been up for the guard, n rejects what it shows.
        #expect(press([.char("n")], typed, model: two, at: 10_500).1 == [.reject(proposalID: "P2")])
    }

    @Test func aKeyTypedAsTheHighlightedRowChangesUnderItDoesNotDecide() {
        var v = ViewState().observing(two, nowMillis: 0)
        #expect(v.decisionTarget(in: two) == "P1")
        // P1 is decided elsewhere; the highlight falls on P2 at 9 000 ms.
        let after = Fixtures.model(proposals: [Fixtures.proposal("P1", status: .rejected), Fixtures.proposal("P2", createdAt: 250)])
        v.observe(after, nowMillis: 9_000)
        #expect(v.decisionTarget(in: after) == "P2")
        for key in ["y", "n", "s"] {
            #expect(press([.char(Character(key))], v, model: after, at: 9_200).1.isEmpty, "\(key)")
        }
        #expect(press([.char("n")], v, model: after, at: 9_500).1 == [.reject(proposalID: "P2")])
    }

    @Test func decisionKeysActOnTheHighlightedProposal() {
        let start = ViewState().observing(two, nowMillis: 0)
        // The operator's own move is read before it is made: no guard.
        let (moved, commands) = press([.down, .char("y")], start, model: two, at: 10_000)
        #expect(moved.selectedProposalID == "P2")
        #expect(commands == [.confirm(proposalID: "P2")])
        #expect(press([.down, .char("n")], start, model: two, at: 10_000).1 == [.reject(proposalID: "P2")])
        #expect(press([.down, .char("s")], start, model: two, at: 10_000).1 == [.snooze(proposalID: "P2")])
    }

    @Test func aRejectionSaysHowToUndoItAndUCanForFiveSeconds() {
        let start = ViewState().observing(two, nowMillis: 0)
        let (rejected, commands) = press([.char("n")], start, model: two, at: 10_000)
        #expect(commands == [.reject(proposalID: "P1")])
        #expect(rejected.message == "P1 rejected — u to undo (5s)")
        let after = Fixtures.model(proposals: [Fixtures.proposal("P1", status: .rejected), Fixtures.proposal("P2", createdAt: 250)])
        #expect(press([.char("u")], rejected, model: after, at: 15_000).1 == [.undo(proposalID: "P1")])
        let (late, none) = press([.char("u")], rejected, model: after, at: 15_001)
        #expect(none.isEmpty)
        #expect(late.message?.contains("nothing to undo") == true)
        // Only once.
        let (undone, _) = press([.char("u")], rejected, model: after, at: 11_000)
        #expect(press([.char("u")], undone, model: after, at: 11_100).1.isEmpty)
    }

    @Test func onTheDetailsScreenANumberPicksTheResponseYConfirms() {
        let m = Fixtures.model()
        var (v, _) = press([.enter], ViewState().observing(m, nowMillis: 0), model: m, at: 10_000)
        var commands: [Command]
        (v, commands) = press([.char("2")], v, model: m, at: 10_600)
        #expect(commands.isEmpty && v.pickedResponse == 2)
        #expect(v.message?.contains("response 2 picked: roll back support-agent.model to v1") == true, "\(v.message ?? "")")
        let text = render(m, v, width: 100, height: 60, theme: .dark).text()
        #expect(text.contains(" 2. ▶ roll back: roll back support-agent.model to v1"), "\(text)")
        #expect(press([.char("y")], v, model: m, at: 10_700).1 == [.choose(proposalID: "P1", response: 2)])
        #expect(press([.char("1"), .char("y")], v, model: m, at: 10_700).1 == [.confirm(proposalID: "P1")])
        let (tooFar, none) = press([.char("9")], v, model: m, at: 10_700)
        #expect(none.isEmpty && tooFar.pickedResponse == 2)
        #expect(tooFar.message?.contains("has 3 responses") == true)
        // Back on the overview a pick no longer applies.
        #expect(press([.escape], v, model: m, at: 10_700).0.pickedResponse == nil)
    }

    @Test func aFailedActionCanBeTriedAgainOrAnotherResponseChosen() {
        let failed = Fixtures.model(proposals: [Fixtures.proposal("P1", status: .failed)])
        let start = ViewState().observing(failed, nowMillis: 0)
        let (v, commands) = press([.char("y")], start, model: failed, at: 10_000)
        #expect(commands == [.confirm(proposalID: "P1")])
        #expect(v.message?.contains("trying the failed action again") == true)
        #expect(press([.char("n")], start, model: failed, at: 10_000).1.isEmpty)
        let text = render(failed, start, width: 120, height: 40, theme: .dark).text()
        #expect(text.contains("y tries it again · or Enter, then 2 and y: roll back support-agent.model to v1"), "\(text)")
        let (details, _) = press([.enter, .char("2")], start, model: failed, at: 10_000)
        #expect(press([.char("y")], details, model: failed, at: 10_500).1 == [.choose(proposalID: "P1", response: 2)])
    }

    @Test func snoozeTakesADurationAndReasonsGoToTheDesk() {
        let m = Fixtures.model()
        func run(_ line: String) -> (ViewState, [Command]) {
            press([.char(":")] + line.map { Key.char($0) } + [.enter], ViewState().observing(m, nowMillis: 0), model: m, at: 10_000)
        }
        #expect(run("snooze 30m").1 == [.snoozeFor(proposalID: "P1", seconds: 1_800)])
        #expect(run("snooze 30m").0.message?.contains("P1 snoozed for 30m") == true)
        #expect(run("snooze 2h").1 == [.snoozeFor(proposalID: "P1", seconds: 7_200)])
        #expect(run("snooze").1 == [.snoozeFor(proposalID: "P1", seconds: 600)])
        for bad in ["snooze soon", "snooze -5m", "snooze 25h", "snooze 0"] {
            #expect(run(bad).1.isEmpty, "\(bad)")
            #expect(run(bad).0.message?.contains("usage: :snooze") == true)
        }
        #expect(run("reason canary traffic is tiny, watching it").1 == [.reason("canary traffic is tiny, watching it")])
        #expect(run("reason").1.isEmpty)
    }

    @Test func aSnoozedProposalShowsWhenItComesBackAndWhatIsPaused() {
        var p = Fixtures.proposal("P1", status: .snoozed)
        p.snoozedUntil = Fixtures.at(300).adding(.minutes(10))
        p.paused = PausedClocks(autoExecuteIn: .seconds(45), escalatesIn: .minutes(14), resumeAs: .pending)
        let m = Fixtures.model(proposals: [p])
        let v = ViewState().observing(m, nowMillis: 0)
        let overview = render(m, v, width: 140, height: 40, theme: .dark).text()
        let until = p.snoozedUntil!.clock
        #expect(overview.contains("until \(until) (in 10m) · auto-execution PAUSED, 45s left · escalation PAUSED, 14m left"),
                "\(overview)")
        let (details, _) = press([.enter], v, model: m, at: 10_000)
        #expect(render(m, details, width: 140, height: 60, theme: .dark).text().contains("SNOOZED"))
    }
}
