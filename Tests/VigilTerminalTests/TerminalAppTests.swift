import Testing
@testable import VigilTerminal
import VigilUI
import VigilCore

/// The dashboard loop, one step at a time: feed the terminal's events,
/// then read the frame the terminal received.
@Suite struct TerminalAppTests {
    /// A loop on a scripted terminal with a clock the test sets.
    final class Harness {
        /// Monotonic milliseconds, as the test sets them.
        final class Clock { var now: Int64 = 10_000 }

        let terminal: ScriptedTerminal
        let app: TerminalApp
        let clock: Clock
        var commands: [Command] = []
        var now: Int64 {
            get { clock.now }
            set { clock.now = newValue }
        }

        init(width: Int = 100, height: Int = 30, colors: Int = 256,
             model: DashboardModel = DashboardModel(), attention: AttentionSettings = AttentionSettings(),
             mouse: Bool = true) {
            let clock = Clock()
            self.clock = clock
            terminal = ScriptedTerminal(width: width, height: height, colors: colors)
            app = TerminalApp(backend: terminal, theme: .dark, initial: model, themeSearchPaths: [],
                              attention: attention, mouse: mouse, clock: { clock.now })
            app.start()
        }

        @discardableResult
        func step(_ events: TerminalEvent...) -> TerminalApp.Outcome {
            terminal.feed(events)
            return app.step { self.commands.append($0) }
        }

        func type(_ text: String) {
            for c in text { step(.key(.char(c))) }
        }

        /// What the loop should show now, rendered independently.
        func expectedText() -> String {
            render(app.model, app.view, width: terminal.width, height: terminal.height, theme: .dark).text()
        }
    }

    @Test func firstFrameIsDrawnWholeOnAClearedScreen() throws {
        let h = Harness()
        let frame = try #require(h.terminal.frames.last)
        #expect(h.terminal.frames.count == 1)
        #expect(frame.erase && frame.clear)
        #expect(frame.width == 100 && frame.height == 30)
        #expect(h.terminal.text() == h.expectedText())
    }

    @Test func aKeyRedrawsOnlyTheCellsThatChanged() throws {
        let h = Harness()
        #expect(h.step(.key(.char("?"))) == .running)
        #expect(h.app.view.screen == .help)
        let frame = try #require(h.terminal.frames.last)
        #expect(h.terminal.frames.count == 2)
        #expect(!frame.erase && !frame.clear)
        #expect(frame.changes.count < 100 * 30)
        #expect(h.terminal.text() == h.expectedText())
        #expect(h.terminal.text().contains("Overview keys"))
    }

    @Test func nothingNewDrawsNothing() {
        let h = Harness()
        #expect(h.step() == .running)
        // A key that changes nothing on screen: the frame is skipped.
        #expect(h.step(.key(.char("x"))) == .running)
        #expect(h.terminal.frames.count == 1)
    }

    @Test func aPostedModelIsShownAtTheNextWakeAndOnlyTheLatest() {
        let h = Harness()
        var first = DashboardModel()
        first.status.notice = "first notice"
        var second = DashboardModel()
        second.status.notice = "second notice"
        h.app.post(first)
        h.app.post(second)
        #expect(h.terminal.wakes == 2)
        h.step()
        #expect(h.terminal.frames.count == 2)
        #expect(h.terminal.text().contains("second notice"))
        #expect(!h.terminal.text().contains("first notice"))
    }

    @Test func resizeRepaintsEverythingAtTheNewSize() throws {
        let h = Harness(width: 100, height: 30)
        h.terminal.width = 80
        h.terminal.height = 24
        h.step(.resized)
        let frame = try #require(h.terminal.frames.last)
        #expect(frame.erase && frame.clear)
        #expect(frame.width == 80 && frame.height == 24)
        #expect(h.terminal.text() == h.expectedText())
    }

    @Test func resizeKeyFromTheTerminalAlsoRepaintsEverything() throws {
        let h = Harness()
        h.step(.key(.resize))
        let frame = try #require(h.terminal.frames.last)
        #expect(h.terminal.frames.count == 2)
        #expect(frame.clear)
        #expect(h.commands.isEmpty)
    }

    @Test func suspendGivesTheTerminalBackAndRepaintsAfterwards() throws {
        let h = Harness()
        h.step(.suspendRequested)
        #expect(h.terminal.suspensions == 1)
        #expect(try #require(h.terminal.frames.last).clear)
        h.step(.continued)
        #expect(h.terminal.frames.count == 3)
        #expect(try #require(h.terminal.frames.last).clear)
    }

    @Test func quitKeyEndsTheLoopWithAQuitCommand() {
        let h = Harness()
        #expect(h.step(.key(.char("q")), .key(.char("?"))) == .quit)
        #expect(h.commands == [.quit])
        #expect(h.app.view.screen == .overview) // the key after q is not handled
    }

    @Test func terminatingSignalRestoresTheTerminalFirst() {
        let h = Harness()
        #expect(h.step(.terminate(signal: 15), .key(.char("?"))) == .terminated(signal: 15))
        #expect(h.terminal.restored)
        #expect(h.commands.isEmpty)
        #expect(h.terminal.frames.count == 1)
    }

    @Test func hangUpQuits() {
        let h = Harness()
        #expect(h.step(.hangUp) == .quit)
        #expect(h.commands == [.quit])
    }

    @Test func quitWhileAnActionRunsAsksFirstByTheLoopsClock() {
        // The session's model says an action runs (the desk's one channel).
        let h = Harness(model: DashboardModel(status: StatusInfo(actionInFlight: true)))
        h.now = 1_000
        #expect(h.step(.key(.char("q"))) == .running)
        #expect(h.commands.isEmpty)
        #expect(h.terminal.text().contains("press q again"))
        h.now = 1_000 + ViewState.quitConfirmMillis + 1 // too late: asks again
        #expect(h.step(.key(.char("q"))) == .running)
        h.now += 100
        #expect(h.step(.key(.char("q"))) == .quit)
        #expect(h.commands == [.quit])
    }

    @Test func replayKeysBecomeCommandsInOrder() {
        let h = Harness(model: DashboardModel(status: StatusInfo(mode: .replay(speed: 60, paused: false))))
        h.step(.key(.char(" ")), .key(.char("+")), .key(.right))
        #expect(h.commands == [.togglePause, .faster, .seek(seconds: 60)])
    }

    @Test func themeCommandSwitchesThemeAndRepaints() throws {
        let h = Harness()
        h.type(":theme light")
        h.step(.key(.enter))
        #expect(h.commands == [.theme("light")])
        #expect(h.app.view.themeName == "light")
        #expect(try #require(h.terminal.frames.last).clear)
        #expect(h.terminal.text().contains("theme light"))
    }

    @Test func unknownThemeSaysSoAndKeepsTheTheme() {
        let h = Harness()
        h.type(":theme no-such-theme")
        h.step(.key(.enter))
        #expect(h.app.view.themeName == "dark")
        #expect(h.app.view.message?.contains("no-such-theme") == true)
    }
}

/// The loop wakes by itself only to take an expired message off the screen.
@Suite struct TerminalMessageExpiryTests {
    @Test func theLoopWaitsForeverUntilAMessageIsShownThenUntilItExpires() {
        let h = TerminalAppTests.Harness()
        h.now = 1_000
        h.step()
        #expect(h.terminal.waitLimits.last == -1)
        h.step(.key(.char("y"))) // no proposal: an answer is shown
        #expect(h.terminal.text().contains("no proposal to decide"))
        h.now = 3_000
        h.step() // woke for something else: waits for the rest of the message's life
        #expect(h.terminal.waitLimits.last == Int32(MessageLog.lifetimeMillis - 2_000))
        let frames = h.terminal.frames.count
        h.now = 1_000 + MessageLog.lifetimeMillis
        h.step() // the timeout: the message goes, with one frame
        #expect(!h.terminal.text().contains("no proposal to decide"))
        #expect(h.terminal.frames.count == frames + 1)
        #expect(h.terminal.text() == h.expectedText())
        h.step()
        #expect(h.terminal.waitLimits.last == -1)
    }

    @Test func aNoticeFromTheAppIsShownThenExpiresAndStaysInTheLog() {
        let h = TerminalAppTests.Harness()
        var m = DashboardModel()
        m.status.notice = "hook dry run: would page on-call"
        m.status.noticeSerial = 1
        h.now = 500
        h.app.post(m)
        h.step()
        #expect(h.terminal.text().contains("hook dry run"))
        h.now = 500 + MessageLog.lifetimeMillis
        h.step()
        #expect(!h.terminal.text().contains("hook dry run"))
        h.step(.key(.char("m")))
        #expect(h.terminal.text().contains("hook dry run: would page on-call"))
    }
}

/// The bell and the window title go through the backend, so they are
/// asserted here as the terminal would receive them.
@Suite struct TerminalAttentionTests {
    static func proposal(_ id: String, _ status: ProposalStatus = .pending) -> Proposal {
        var p = Proposal(id: id, createdAt: EventTime.utc(year: 2026, month: 2, day: 14, hour: 10, minute: 0),
                 group: "support-agent", signal: "quality_score", failureMode: .qualityRegression,
                 action: ActionIntent(kind: .escalate, summary: .escalate(group: "support-agent")),
                 evidence: [], alternatives: [], blastRadius: BlastRadius(trafficPercent: 10, deployments: ["support-agent"]),
                 status: status, decidedBy: nil, decidedAt: nil, outcome: nil)
        p.rationale = .escalationChangesNothing // a line of preview, as real proposals have
        return p
    }

    static func model(_ proposals: Proposal...) -> DashboardModel {
        var m = DashboardModel()
        m.core.proposals = proposals
        return m
    }

    @Test func aNewProposalRingsOnceAndRetitlesTheWindow() {
        let h = TerminalAppTests.Harness(model: Self.model())
        #expect(h.terminal.bells == 0)
        #expect(h.terminal.titles == ["Vigil: all clear"])
        h.app.post(Self.model(Self.proposal("P1")))
        h.step()
        #expect(h.terminal.bells == 1)
        #expect(h.terminal.titles.last == "Vigil: 1 pending")
        h.app.post(Self.model(Self.proposal("P1")))
        h.step()
        #expect(h.terminal.bells == 1) // nothing new
        #expect(h.terminal.titles.count == 2) // the same title is not sent again
        h.app.post(Self.model(Self.proposal("P1", .escalated)))
        h.step()
        #expect(h.terminal.bells == 2)
        h.app.post(Self.model(Self.proposal("P1", .failed)))
        h.step()
        #expect(h.terminal.bells == 3)
        #expect(h.terminal.titles.last == "Vigil: 1 action failed")
    }

    @Test func proposalsAlreadyThereAtStartDoNotRing() {
        let h = TerminalAppTests.Harness(model: Self.model(Self.proposal("P1")))
        h.step()
        #expect(h.terminal.bells == 0)
        #expect(h.terminal.titles == ["Vigil: 1 pending"])
    }

    @Test func quietMeansNoBellAndNoTitle() {
        let h = TerminalAppTests.Harness(model: Self.model(), attention: .quiet)
        h.app.post(Self.model(Self.proposal("P1")))
        h.step()
        #expect(h.terminal.bells == 0 && h.terminal.titles.isEmpty)
        let bellOnly = TerminalAppTests.Harness(model: Self.model(), attention: AttentionSettings(bell: true, title: false))
        bellOnly.app.post(Self.model(Self.proposal("P1")))
        bellOnly.step()
        #expect(bellOnly.terminal.bells == 1 && bellOnly.terminal.titles.isEmpty)
    }
}

/// Mouse events from the terminal, looked up in the frame on screen.
@Suite struct TerminalMouseTests {
    static let model = TerminalAttentionTests.model(TerminalAttentionTests.proposal("P1"),
                                                    TerminalAttentionTests.proposal("P2"))

    func row(_ h: TerminalAppTests.Harness, _ text: String) -> Int {
        h.terminal.text().split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) } ?? -1
    }

    @Test func shimCodesBecomeMouseEvents() {
        #expect(MouseEvent(code: 1, x: 3, y: 4) == MouseEvent(kind: .click, x: 3, y: 4))
        #expect(MouseEvent(code: 2, x: 0, y: 0)?.kind == .doubleClick)
        #expect(MouseEvent(code: 3, x: 0, y: 0)?.key(on: nil) == .wheel(-MouseEvent.wheelRows))
        #expect(MouseEvent(code: 4, x: 0, y: 0)?.key(on: nil) == .wheel(MouseEvent.wheelRows))
        #expect(MouseEvent(code: 0, x: 0, y: 0) == nil)
        #expect(MouseEvent(kind: .click, x: 0, y: 0).key(on: nil) == nil)
    }

    @Test func clickingARowSelectsItAndADoubleClickOpensIt() {
        let h = TerminalAppTests.Harness(model: Self.model)
        #expect(h.terminal.mouseEnabled)
        let p2 = row(h, "P2")
        #expect(p2 > 0, "\(h.terminal.text())")
        h.step(.mouse(MouseEvent(kind: .click, x: 10, y: p2)))
        #expect(h.app.view.selectedProposalID == "P2")
        #expect(h.terminal.text() == h.expectedText())
        h.step(.mouse(MouseEvent(kind: .click, x: 10, y: 0))) // the header: nothing
        #expect(h.app.view.selectedProposalID == "P2")
        h.step(.mouse(MouseEvent(kind: .doubleClick, x: 10, y: row(h, "P1"))))
        #expect(h.app.view.screen == .proposal("P1"))
        h.step(.mouse(MouseEvent(kind: .wheelDown, x: 0, y: 0)))
        #expect(h.app.view.scroll == MouseEvent.wheelRows)
    }

    @Test func noMouseLeavesTheTerminalAlone() {
        let h = TerminalAppTests.Harness(model: Self.model, mouse: false)
        #expect(!h.terminal.mouseEnabled)
    }
}
