import Testing
@testable import VigilCore
@testable import VigilUI

/// Every screen starts with the same header: the path to it, the overall
/// state, the replay state and the event clock.
@Suite struct HeaderTests {
    func firstRow(_ model: DashboardModel, _ view: ViewState, _ w: Int, _ h: Int) -> String {
        String(render(model, view, width: w, height: h, theme: .dark).text().split(separator: "\n")[0])
    }

    func view(_ screen: Screen, from stack: [Screen] = [.overview]) -> ViewState {
        var v = ViewState()
        v.screen = screen
        v.backStack = screen == .overview ? [] : stack
        return v
    }

    static let screens: [Screen] = [.overview, .proposal("P1"), .signal(SignalID(Fixtures.signals[2])),
                                    .ledger, .sources, .help, .messages]

    @Test(arguments: [(80, 24), (200, 60), (60, 16)])
    func everyScreenKeepsTheClockAndTheReplayState(size: (Int, Int)) {
        let modes: [(Mode, String, String)] = [
            (.replay(speed: 60, paused: false), "▶ REPLAY 60×", "▶ 60×"),
            (.replay(speed: 2.5, paused: true), "‖ REPLAY 2.5× PAUSED", "‖ 2.5×"),
            (.live, "● LIVE", "● LIVE"),
        ]
        for (mode, long, short) in modes {
            let model = Fixtures.model(mode: mode)
            for screen in Self.screens {
                let row = firstRow(model, view(screen), size.0, size.1)
                #expect(row.contains(long) || (size.0 < 100 && row.contains(short)), "\(screen) at \(size): \(row)")
                #expect(row.contains("10:05:00Z"), "\(screen) at \(size): \(row)")
                #expect(row.contains("✗ 1 failing") || row.contains("✗1"), "\(screen) at \(size): \(row)")
                #expect(row.hasPrefix(" Vigil"), "\(screen) at \(size): \(row)")
            }
        }
    }

    @Test func breadcrumbsFollowTheWayHere() {
        let model = Fixtures.model()
        #expect(Header.crumbs(model, view(.overview)) == ["Vigil", "support-agent"])
        #expect(Header.crumbs(model, view(.proposal("P1"))) == ["Vigil", "support-agent", "P1"])
        #expect(Header.crumbs(model, view(.help, from: [.overview, .proposal("P1")]))
                == ["Vigil", "support-agent", "P1", "Help"])
        #expect(firstRow(model, view(.proposal("P1")), 200, 60).hasPrefix(" Vigil › support-agent › P1 │ "))
        // Too narrow for the whole path: the middle gives way, the screen stays.
        #expect(Header.crumbText(["Vigil", "support-agent", "P1", "Help"], room: 18) == "Vigil › … › Help")
        #expect(Header.crumbText(["Vigil", "support-agent", "P1", "Help"], room: 8) == "Vigil")
    }

    @Test func vigilAndTheCountsSurviveALongIncidentNameAt60Columns() {
        var model = Fixtures.model()
        model.status.incident = "expired-return-policy-and-a-very-long-incident-name"
        let row = firstRow(model, view(.overview), 60, 16)
        #expect(row.hasPrefix(" Vigil │ ✗1 ●1 │ ▶ 60× │ 10:05:00Z │ INCIDENT expired"), "\(row)")
    }

    @Test func theStateCountsFailingPendingAndFailedActions() {
        var model = Fixtures.model(proposals: [Fixtures.proposal("P1"), Fixtures.proposal("P2", status: .escalated),
                                               Fixtures.proposal("P3", status: .failed),
                                               Fixtures.proposal("P4", status: .rejected)])
        let state = OverallState(model)
        #expect(state == OverallState(failing: 1, pending: 2, failedActions: 1))
        #expect(state.windowTitle == "Vigil: 2 pending · 1 failing · 1 action failed")
        let row = firstRow(model, view(.ledger), 200, 60)
        #expect(row.contains("✗ 1 failing · ● 2 pending · ✗ 1 action failed"), "\(row)")
        model.core.proposals = []
        model.core.signals = model.core.signals.map { var s = $0; s.status = .ok; return s }
        #expect(OverallState(model).windowTitle == "Vigil: all clear")
        #expect(firstRow(model, view(.overview), 80, 24).contains("✓ all clear"))
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func goldenHeaders(size: (Int, Int)) {
        let paused = Fixtures.model(mode: .replay(speed: 2.5, paused: true))
        let detail = render(paused, view(.proposal("P1")), width: size.0, height: size.1, theme: .dark).text()
        GoldenFile.check(detail, named: "header-proposal-paused-\(size.0)x\(size.1)")
        let help = render(Fixtures.model(mode: .live), view(.help, from: [.overview, .proposal("P1")]),
                          width: size.0, height: size.1, theme: .dark).text()
        GoldenFile.check(help, named: "header-help-live-\(size.0)x\(size.1)")
    }
}

extension OverallState {
    init(failing: Int, pending: Int, failedActions: Int) {
        self.init(DashboardModel())
        self.failing = failing; self.pending = pending; self.failedActions = failedActions
    }
}
