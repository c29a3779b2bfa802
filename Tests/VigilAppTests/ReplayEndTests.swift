import Testing
@testable import VigilApp
import VigilTestSupport
import VigilUI

/// The end of a replay is said as a notice of its own (decision 0020): it
/// shows over whatever message was up, and both stay in the `m` log.
@Suite struct ReplayEndTests {
    static let finished = "replay finished: the recording has ended"

    @Test func theEndIsShownOverAnotherMessageAndBothAreLogged() throws {
        let session = try Session.replay(incident: packageRoot + "/fixtures/incidents/expired-return-policy",
                                         stateDir: temporaryDirectory("replay-end"), speed: 0, paused: false)
        defer { session.stop() }
        session.notice("an earlier notice")
        var view = ViewState().observing(session.models.current, nowMillis: 1_000)
        session.start()
        #expect(eventually(within: 60) { session.models.current.status.notice == Self.finished })
        view.observe(session.models.current, nowMillis: 2_000)

        #expect(view.messages.entries.map(\.text) == ["an earlier notice", Self.finished])
        let screen = render(session.models.current, view, width: 100, height: 30, theme: .dark).text()
        #expect(screen.contains(Self.finished), "\(screen)")
        #expect(!screen.contains("an earlier notice"))

        // Pausing after the end reports the state again, not the end.
        let serial = session.models.current.status.noticeSerial
        session.perform(.togglePause)
        guard case .replay(_, let paused) = session.models.current.status.mode else { Issue.record("not a replay"); return }
        #expect(paused)
        #expect(session.models.current.status.noticeSerial == serial)
    }
}
