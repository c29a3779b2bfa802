import Testing
@testable import VigilCore
@testable import VigilUI

/// Pictures that can be compared and states drawn as what they are: one
/// scale for a canary and its baseline, one glyph per state, reasons never
/// cut, a held signal that is not an alert, an escalation that says whom it
/// paged.
@Suite struct HonestPicturesTests {
    func screen(_ model: DashboardModel, _ screen: Screen, _ w: Int, _ h: Int) -> String {
        var view = ViewState(screen: screen)
        view.backStack = [.overview]
        return render(model, view, width: w, height: h, theme: .dark).text()
    }

    // MARK: One scale

    static let collapsed: [Double] = (0..<40).map { $0 < 20 ? 1 : 0.286 + Double($0 % 3) * 0.01 }
    static let healthy: [Double] = (0..<40).map { 0.8 + Double($0 % 5) * 0.05 }

    @Test func aCollapsedCanaryLooksDifferentFromItsHealthyBaseline() {
        // On their own scales the two pictures would both span ▁…█.
        #expect(Set(Sparkline.render(Self.collapsed, width: 40)).contains("▁"))
        #expect(Set(Sparkline.render(Self.healthy, width: 40)).contains("▁"))
        let scale = Sparkline.scale(Self.collapsed, Self.healthy)
        #expect(scale == 0.286...1)
        let baseline = Sparkline.render(Self.healthy, width: 40, scale: scale)
        #expect(!baseline.contains("▁") && !baseline.contains("▂"), "a healthy baseline stays high: \(baseline)")
        #expect(Sparkline.render(Self.collapsed, width: 40, scale: scale).suffix(20).allSatisfy { $0 == "▁" })
    }

    func canarySignal() -> SignalState {
        var s = Fixtures.signal("policy-accuracy", metric: "quality.policy_accuracy", family: .quality,
                                scope: "canary vs baseline", status: .failing, value: 0.29, baseline: 0.9,
                                statistic: Fixtures.canaryFailing, history: Self.collapsed)
        s.baselineHistory = Self.healthy
        return s
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func signalDetailShowsBothOnOneScaleWithTheRange(size: (Int, Int)) {
        let s = canarySignal()
        let model = Fixtures.model(signals: [s])
        let text = screen(model, .signal(SignalID(s)), size.0, size.1)
        #expect(text.contains("canary and baseline on one scale: 0.286…1"), "\(text)")
        let rows = text.split(separator: "\n").map(String.init)
        let baseline = rows.first { $0.contains("baseline ") && $0.contains("▇") }
        #expect(baseline.map { !$0.contains("▁") } == true, "\(text)")
        #expect(baseline?.contains("0.8…1") == true, "each row gives its own range too:\n\(text)")
        GoldenFile.check(text, named: "signal-detail-shared-scale-\(size.0)x\(size.1)")
    }

    @Test func panelRowsOfOneSignalShareTheirScaleAndShowIt() {
        let s = canarySignal()
        var baselineRow = Fixtures.signal("policy-accuracy", metric: "quality.policy_accuracy", family: .quality,
                                          scope: "baseline", status: .ok, value: 0.9, history: Self.healthy)
        baselineRow.baselineHistory = []
        let text = render(Fixtures.model(signals: [s, baselineRow]), ViewState(), width: 200, height: 60,
                          theme: .dark).text()
        let row = text.split(separator: "\n").first { $0.contains("policy-accuracy [baseline]") }.map(String.init) ?? ""
        #expect(row.contains("0.286…1"), "\(text)")
        #expect(!row.contains("▁"), "the healthy baseline row is drawn high on the shared scale: \(row)")
    }

    // MARK: One glyph per state

    @Test func sourcesWithProblemsHaveTheSameGlyphInTheHeaderAndOnTheSourcesScreen() {
        let bad = SourceSummary(name: "events.jsonl", records: 5, malformed: 2)
        let model = DashboardModel(status: StatusInfo(sources: [bad]))
        let header = render(model, ViewState(), width: 80, height: 24, theme: .dark).text()
        let sources = screen(model, .sources, 80, 24)
        #expect(header.contains("\(Glyph.warn) events.jsonl") || header.contains("events.jsonl \(Glyph.warn)"), "\(header)")
        #expect(sources.contains("\(Glyph.warn) events.jsonl"), "\(sources)")
        #expect(!sources.contains("! "), "no second glyph for the same state:\n\(sources)")
    }

    // MARK: Sources as a table

    @Test(arguments: [(80, 24), (200, 60)])
    func sourcesAreATableWithAlignedColumns(size: (Int, Int)) {
        var broken = SourceSummary(name: "prometheus-main.om", records: 0)
        broken.unreadable = "permission denied: the file is mode 0600 and owned by another user, so nothing can be read"
        var noisy = SourceSummary(name: "metrics.jsonl", records: 4321, malformed: 12, lagBytes: 4096)
        (noisy.lines, noisy.nonFinite, noisy.outOfOrder, noisy.duplicates, noisy.oversized) = (4400, 3, 2, 1, 0)
        noisy.lastError = "line 812, column 40: expected a value"
        let clean = SourceSummary(name: "events.jsonl", records: 5)
        let model = DashboardModel(status: StatusInfo(sources: [broken, noisy, clean]))
        let text = screen(model, .sources, size.0, size.1)
        let rows = text.split(separator: "\n").map(String.init)
        let header = rows.first { $0.contains("source") && $0.contains("records") } ?? ""
        // Each header ends where its column's values end.
        let row = (rows.first { $0.contains("metrics.jsonl") } ?? "") + " "
        for (label, value) in [("lines", "4400"), ("records", "4321"), ("bad", "12"), ("NaN", "3"), ("lag", "4 KB")] {
            let headerEnd = (header + " ").range(of: " " + label + " ")?.upperBound
            let valueEnd = row.range(of: " " + value + " ")?.upperBound
            #expect(headerEnd != nil && valueEnd != nil, "\(label)/\(value) missing:\n\(text)")
            if let headerEnd, let valueEnd {
                #expect((header + " ").distance(from: (header + " ").startIndex, to: headerEnd)
                        == row.distance(from: row.startIndex, to: valueEnd), "\(label) not aligned:\n\(text)")
            }
        }
        #expect(text.contains("✗ prometheus-main.om") && text.contains("✓ events.jsonl"), "\(text)")
        // The reason in full, every word whole.
        let words = rows.joined(separator: " ").split(separator: " ")
        for word in broken.unreadable!.split(separator: " ") {
            #expect(words.contains(word), "\(word) cut:\n\(text)")
        }
        #expect(!text.contains("±Inf0") && !text.contains("…0"), "\(text)")
        GoldenFile.check(text, named: "sources-\(size.0)x\(size.1)")
    }

    // MARK: Full reasons on the details screen

    @Test(arguments: [(80, 24), (200, 60)])
    func theFailureReasonIsWrappedNeverCut(size: (Int, Int)) {
        var model = Fixtures.model(proposals: [Fixtures.proposal("P1", status: .failed)])
        let reason = "hook pagerduty-escalate.py: exit 1: the routing key in VIGIL_PAGERDUTY_KEY was refused by"
            + " the Events API (HTTP 400) and nobody was paged, so check the key and that Vigil can reach the endpoint"
        model.core.proposals[0].outcome = reason
        model.core.proposals[0].decidedBy = "alice"
        model.core.proposals[0].decidedAt = Fixtures.at(250)
        let text = screen(model, .proposal("P1"), size.0, size.1)
        let words = Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" }))
        for word in reason.split(separator: " ") { #expect(words.contains(word), "\(word) cut:\n\(text)") }
        GoldenFile.check(text, named: "proposal-detail-failed-\(size.0)x\(size.1)")
    }

    // MARK: Honest states

    @Test(arguments: [(80, 24), (200, 60)])
    func inconclusiveWithHoldIsHeldNotAnAlert(size: (Int, Int)) {
        let model = FleetFixtures.model().scoped(to: "search-agent")
        let text = render(model, ViewState(), width: size.0, height: size.1, theme: .dark).text()
        #expect(text.contains("◌ HELD"), "\(text)")
        #expect(!text.contains("✗ alert") && !text.contains("✗ FAIL"), "\(text)")
        #expect(text.contains("◌") && text.contains("held"), "the timeline says held:\n\(text)")
        GoldenFile.check(text, named: "overview-held-\(size.0)x\(size.1)")
        // Under another policy the core raises an alert and a proposal; the badge says inconclusive.
        var s = FleetFixtures.held
        s.inconclusivePolicy = .escalate
        #expect(StatusBadge(s).text == "◌ INCONCL")
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func anEscalatedProposalSaysWhenAndWhomItPaged(size: (Int, Int)) {
        let model = FleetFixtures.model().scoped(to: "ops-agent")
        let overview = render(model, ViewState(), width: size.0, height: size.1, theme: .dark).text()
        #expect(!overview.contains("escalates at"), "\(overview)")
        #expect(overview.contains("at 10:02:01"), "\(overview)")
        let words = overview.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(words.contains("paged via pagerduty-escalate.py (dry run)"), "\(overview)")
        GoldenFile.check(overview, named: "overview-escalated-\(size.0)x\(size.1)")
        let detail = screen(model, .proposal("P2"), size.0, size.1)
        #expect(detail.contains("Escalated") && detail.contains("after 1m unanswered"), "\(detail)")
        #expect(!detail.contains("Escalates"), "\(detail)")
        // Without a hook, the screen says nobody was paged.
        var quiet = model
        quiet.status.escalationHook = nil
        #expect(screen(quiet, .proposal("P2"), 200, 60).contains("nobody was paged"))
    }
}
