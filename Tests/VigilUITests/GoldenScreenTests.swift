import Testing
@testable import VigilCore
import VigilUI

/// Whole screens compared with stored text. The fixture is hand-built (see
/// Fixtures) so these change only when the UI does.
@Suite struct GoldenScreenTests {
    func screen(_ model: DashboardModel, _ view: ViewState, _ w: Int, _ h: Int) -> String {
        render(model, view, width: w, height: h, theme: .dark).text()
    }

    func screen(_ w: Int, _ h: Int) -> String { screen(Fixtures.model(), ViewState(), w, h) }

    @Test(arguments: [(160, 48), (100, 30), (80, 24), (200, 60)])
    func overview(size: (Int, Int)) {
        GoldenFile.check(screen(size.0, size.1), named: "overview-\(size.0)x\(size.1)")
    }

    @Test func compactBelow80x24() {
        GoldenFile.check(screen(60, 16), named: "compact-60x16")
    }

    @Test func tooSmall() {
        let text = screen(30, 8)
        #expect(text.contains("terminal too small: need at"))
        #expect(text.contains("40×12"))
        GoldenFile.check(text, named: "too-small-30x8")
    }

    @Test func readOnlyLive() {
        let model = Fixtures.model(mode: .live, readOnly: true)
        let text = screen(model, ViewState(), 80, 24)
        #expect(text.contains("READ-ONLY"))
        #expect(text.contains("● LIVE"))
        GoldenFile.check(text, named: "overview-read-only-live-80x24")
    }

    @Test func proposalDetail() {
        var view = ViewState()
        view.screen = .proposal("P1")
        view.backStack = [.overview]
        GoldenFile.check(screen(Fixtures.model(), view, 100, 30), named: "proposal-detail-100x30")
    }

    @Test func helpFromOverview() {
        var view = ViewState()
        view.screen = .help
        view.backStack = [.overview]
        GoldenFile.check(screen(Fixtures.model(), view, 100, 30), named: "help-overview-100x30")
    }

    @Test func signalDetail() {
        var view = ViewState()
        view.screen = .signal(SignalID(Fixtures.signals[2]))
        view.backStack = [.overview]
        GoldenFile.check(screen(Fixtures.model(), view, 100, 30), named: "signal-detail-100x30")
    }

    @Test func ledger() {
        var model = Fixtures.model(proposals: [Fixtures.proposal("P1")])
        model.core.proposals[0].status = .executed
        model.core.proposals[0].decidedBy = "alice"
        model.core.proposals[0].decidedAt = Fixtures.at(290)
        model.core.proposals[0].outcome = "flag file written; v2 at 0%"
        var view = ViewState()
        view.screen = .ledger
        GoldenFile.check(screen(model, view, 100, 30), named: "ledger-100x30")
    }

    /// A proposal whose action ran, with what the core concluded about it.
    func executed(_ verification: VerificationResult?) -> DashboardModel {
        var model = Fixtures.model(proposals: [Fixtures.proposal("P1")])
        model.core.proposals[0].status = .executed
        model.core.proposals[0].decidedBy = "alice"
        model.core.proposals[0].decidedAt = Fixtures.at(250)
        model.core.proposals[0].outcome = "support-agent.model: v1 90% → 100%, v2 10% → 0% (v1 serves 100%)"
        model.core.proposals[0].verification = verification
        return model
    }

    @Test func workedIsShownWithASymbolAndAWord() {
        let model = executed(.recovered(signal: "quality_score", at: Fixtures.at(290)))
        let overview = screen(model, ViewState(), 100, 30)
        #expect(overview.contains("✓ WORKED: quality_score recovered at 10:04:50"))
        #expect(!overview.contains("WORKED: worked:"))
        GoldenFile.check(overview, named: "overview-worked-100x30")
        var detail = ViewState()
        detail.screen = .proposal("P1")
        detail.backStack = [.overview]
        let text = screen(model, detail, 100, 30)
        #expect(text.contains("Worked?       ✓ WORKED: quality_score recovered at 10:04:50"))
        GoldenFile.check(text, named: "proposal-detail-worked-100x30")
    }

    @Test func notWorkingIsShownWithASymbolAndAWord() {
        let model = executed(.stillFailingWithActionInForce(signal: "quality_score", at: Fixtures.at(295),
                                                              proposalID: "P1"))
        let overview = screen(model, ViewState(), 80, 24)
        #expect(overview.contains("✗ NOT WORKING"))
        #expect(overview.contains("✗ NOT WORKING: quality_score still failing at 10:04:55"))
        GoldenFile.check(overview, named: "overview-not-working-80x24")
        var detail = ViewState()
        detail.screen = .proposal("P1")
        let text = screen(model, detail, 100, 30)
        #expect(text.contains("✗ NOT WORKING: quality_score still failing at 10:04:55 with P1's action in force"))
        let compact = screen(model, ViewState(), 60, 16)
        #expect(compact.contains("✗ NOT WORKING"))
        GoldenFile.check(compact, named: "compact-not-working-60x16")
        var ledger = ViewState()
        ledger.screen = .ledger
        #expect(screen(model, ledger, 160, 30).contains("✗ NOT WORKING"))
    }

    @Test func anExecutedActionNotYetJudgedSaysItIsChecking() {
        let model = executed(nil)
        let overview = screen(model, ViewState(), 100, 30)
        #expect(overview.contains("… CHECKING: waiting for quality_score to recover"))
        // Before execution there is no verdict at all.
        let pending = screen(Fixtures.model(), ViewState(), 100, 30)
        #expect(!pending.contains("CHECKING") && !pending.contains("WORKED"))
    }

    /// Signals whose names differ only at the end, with scopes, must stay
    /// apart on screen: the name column takes what the longest label needs
    /// before the trend does, and at 120 columns the panels stack rather than
    /// cut the names in a 2×2 grid (while the height allows).
    @Test(arguments: [(120, 40), (160, 48), (100, 30)])
    func longSignalNamesStayWhole(size: (Int, Int)) {
        let names = ["policy-accuracy-floor", "policy-accuracy-trend"]
        var signals = Fixtures.signals
        for name in names {
            for scope in ["baseline", "canary vs baseline"] {
                signals.append(Fixtures.signal(name, metric: "quality.policy_accuracy", family: .quality, scope: scope,
                                               status: .ok, value: 0.9, threshold: 0.8, history: Fixtures.steady))
            }
        }
        let text = render(Fixtures.model(signals: signals), ViewState(), width: size.0, height: size.1,
                          theme: .dark).text()
        for name in names {
            #expect(text.contains("\(name) [baseline]"), "\(name) [baseline] cut at \(size):\n\(text)")
            #expect(text.contains("\(name) [canary]"), "\(name) [canary] cut at \(size)")
        }
        let grid = text.split(separator: "\n").contains { $0.contains("Error rates") && $0.contains("Output quality") }
        #expect(grid == (size.0 >= 160), "grid at \(size): \(grid)")
    }

    /// Every overview size keeps its rows within the width (no wrapped or
    /// clipped wide characters) and shows the four panel titles.
    @Test(arguments: [(80, 24), (100, 30), (120, 40), (160, 48), (200, 60)])
    func overviewShowsEverything(size: (Int, Int)) {
        let canvas = render(Fixtures.model(), ViewState(), width: size.0, height: size.1, theme: .dark)
        let text = canvas.text()
        for title in ["Error rates", "Output quality", "Behavioral signals", "Drift & agent beliefs", "Proposals"] {
            #expect(text.contains(title), "\(title) missing at \(size)")
        }
        for word in ["✓ OK", "✗ FAIL", "… WARMING", "∅ NO DATA", "REPLAY 60×", "v1 90% / v2 10%",
                     "y confirm · n reject · s snooze · Enter details", "evidence"] {
            #expect(text.contains(word), "\(word) missing at \(size)")
        }
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.count == size.1)
        for row in rows { #expect(DisplayWidth.of(String(row)) <= size.0) }
    }
}
