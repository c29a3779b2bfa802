import Testing
@testable import VigilCore
import VigilUI

/// `q` quits at once, except while a confirmed action is still running:
/// then the first `q` only asks, and a second within 3 s quits anyway.
@Suite struct QuitGuardTests {
    func busy(_ inFlight: Bool = true) -> DashboardModel {
        var m = Fixtures.model()
        m.status.actionInFlight = inFlight
        return m
    }

    func press(_ key: Key, _ v: ViewState, _ m: DashboardModel, at now: Int64) -> (ViewState, [Command]) {
        reduce(v, key: key, model: m, nowMillis: now)
    }

    @Test func quitsAtOnceWhenNothingRuns() {
        #expect(press(.char("q"), ViewState(), busy(false), at: 1_000).1 == [.quit])
    }

    @Test func firstQAsksWhileAnActionRunsAndTheSecondWithinThreeSecondsQuits() {
        let m = busy()
        let (asked, none) = press(.char("q"), ViewState(), m, at: 10_000)
        #expect(none.isEmpty)
        #expect(asked.message?.contains("an action is still running") == true)
        #expect(asked.message?.contains("press q again") == true)
        #expect(press(.char("q"), asked, m, at: 13_000).1 == [.quit])
        #expect(press(.ctrlC, asked, m, at: 11_000).1 == [.quit])
    }

    @Test func aSecondQAfterThreeSecondsAsksAgain() {
        let m = busy()
        let (asked, _) = press(.char("q"), ViewState(), m, at: 10_000)
        let (again, commands) = press(.char("q"), asked, m, at: 13_001)
        #expect(commands.isEmpty)
        #expect(again.message?.contains("still running") == true)
        // ...and that second press starts a new window.
        #expect(press(.char("q"), again, m, at: 14_000).1 == [.quit])
    }

    @Test func theActionFinishingInBetweenLetsQQuit() {
        let (asked, _) = press(.char("q"), ViewState(), busy(), at: 10_000)
        #expect(press(.char("q"), asked, busy(false), at: 20_000).1 == [.quit])
    }

    @Test func colonQuitIsGuardedToo() {
        let m = busy()
        var v = ViewState()
        var commands: [Command] = []
        for k in [Key.char(":"), .char("q"), .enter] { (v, commands) = press(k, v, m, at: 5_000) }
        #expect(commands.isEmpty)
        #expect(v.message?.contains("still running") == true)
        for k in [Key.char(":"), .char("q"), .enter] { (v, commands) = press(k, v, m, at: 6_000) }
        #expect(commands == [.quit])
    }

    @Test func typingQInTheFilterNeverQuits() {
        let (v, commands) = press(.char("q"), ViewState(), busy(false), at: 0)
        #expect(commands == [.quit])
        var f = ViewState()
        f.inputMode = .filter
        #expect(press(.char("q"), f, busy(false), at: 0).1.isEmpty)
        _ = v
    }

    @Test func theStatusBarSaysAnActionIsRunning() {
        for (w, h) in [(160, 48), (80, 24), (60, 16)] {
            let text = render(busy(), ViewState(), width: w, height: h, theme: .dark).text()
            #expect(text.contains("⚙ ACTION RUNNING"), "missing at \(w)×\(h)")
            #expect(!render(busy(false), ViewState(), width: w, height: h, theme: .dark).text().contains("ACTION RUNNING"))
        }
    }
}
