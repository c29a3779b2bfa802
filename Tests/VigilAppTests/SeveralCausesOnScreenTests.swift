import Testing
@testable import VigilApp
import VigilCore
import VigilTestSupport
import VigilUI

/// Two causes in one deployment: the queue lists both proposals, the
/// decision keys act on the one highlighted, and the details screen shows
/// the numbers behind the ranking.
@Suite struct SeveralCausesOnScreenTests {
    @Test func bothProposalsAreListedAndTheKeysActOnTheHighlightedOne() throws {
        let session = try Session.replay(incident: packageRoot + "/fixtures/incidents/rejected-false-alarm",
                                         stateDir: temporaryDirectory("causes"), speed: 0, paused: false)
        session.runHeadless { _ in }
        let model = DashboardModel(core: session.engine.snapshot(), status: StatusInfo(mode: .replay(speed: 60, paused: false)))
        let open = model.core.proposals.filter { $0.status.isOpen }
        #expect(open.map(\.id) == ["P1", "P2"] && Set(open.map(\.group)) == ["support-agent"])
        let overview = render(model, ViewState(), width: 160, height: 48, theme: .dark).text()
        #expect(overview.contains("P1") && overview.contains("P2"), "\(overview)")

        var view = ViewState().observing(model, nowMillis: 0)
        let order = ProposalQueue.ordered(model, filter: "").map(\.id)
        let target = order[1]
        (view, _) = reduce(view, key: .down, model: model, nowMillis: 10_000)
        #expect(view.selectedProposalID == target)
        let (_, commands) = reduce(view, key: .char("n"), model: model, nowMillis: 10_000)
        #expect(commands == [.reject(proposalID: target)])

        view.screen = .proposal("P2")
        let details = render(model, view, width: 160, height: 60, theme: .dark).text()
        #expect(details.contains("126 requests/min"), "\(details)")
        #expect(details.contains("cost 300, takes effect at once"))
        #expect(details.contains("cost 0 + 1,890 failing requests (126 rpm for 15m) = 1,890"))
    }
}
