import Testing
@testable import VigilCore
@testable import VigilUI

/// The filter says how much it keeps, filters the timeline too, and never
/// rearranges the layout.
@Suite struct FilterTests {
    let model = Fixtures.model()

    func filtered(_ text: String, typing: Bool = false) -> ViewState {
        var v = ViewState()
        v.filter = text
        if typing { v.inputMode = .filter }
        return v
    }

    func screen(_ view: ViewState, _ w: Int, _ h: Int) -> String {
        render(model, view, width: w, height: h, theme: .dark).text()
    }

    @Test func theCountSaysHowMuchOfEachListMatches() {
        let c = FilterCount(model, filter: "quality")
        #expect(c.signals.shown == 2 && c.signals.of == 8)
        #expect(c.proposals.shown == 1 && c.proposals.of == 1)
        #expect(c.timeline.shown == 2 && c.timeline.of == 3)
        #expect(c.text == "2/8 signals · 1/1 proposals · 2/3 events")
        let typing = screen(filtered("quality", typing: true), 200, 60)
        #expect(typing.contains("/quality█  2/8 signals · 1/1 proposals · 2/3 events · Enter keep · Esc clear"))
        let kept = screen(filtered("quality"), 200, 60)
        #expect(kept.contains("filter \"quality\" · 2/8 signals · 1/1 proposals · 2/3 events · Esc clears"))
        #expect(screen(filtered("quality"), 80, 24).contains("filter \"quality\" 2/8 sig · 1/1 prop"))
    }

    @Test func theTimelineIsFilteredToo() {
        let text = screen(filtered("deploy"), 200, 60)
        #expect(text.contains("Timeline · 1 of 3 match · newest first"))
        #expect(text.contains("⇪ deploy   support-agent.model: v1 → v2 at 10%"))
        #expect(!text.contains("✗ alert    quality_score failing"))
        #expect(TimelineFilter.matching(model.core, "").count == 3)
        #expect(TimelineFilter.matching(model.core, "QUALITY_SCORE").count == 1)
    }

    /// A filter used to turn one column with sparklines into a 2×2 grid
    /// (the filtered names fit in half the width).
    @Test(arguments: [(120, 36), (120, 40), (80, 24), (200, 60)])
    func theLayoutStaysAsItWas(size: (Int, Int)) {
        var signals = Fixtures.signals
        signals.append(Fixtures.signal("a-long-policy-accuracy-signal-name", metric: "quality.policy_accuracy",
                                       family: .quality, scope: "canary vs baseline", status: .ok, value: 0.9,
                                       threshold: 0.8, history: Fixtures.steady))
        let model = Fixtures.model(signals: signals)
        func grid(_ filter: String) -> Bool {
            var v = ViewState()
            v.filter = filter
            let rows = render(model, v, width: size.0, height: size.1, theme: .dark).text().split(separator: "\n")
            return rows.contains { $0.contains("Error rates") && $0.contains("Output quality") }
        }
        #expect(grid("") == grid("error_rate"), "\(size)")
        #expect(grid("") == grid("p95"), "\(size)")
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func goldenFilters(size: (Int, Int)) {
        GoldenFile.check(screen(filtered("quality"), size.0, size.1), named: "filter-\(size.0)x\(size.1)")
        GoldenFile.check(screen(filtered("quality", typing: true), size.0, size.1),
                         named: "filter-typing-\(size.0)x\(size.1)")
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func goldenCommandLine(size: (Int, Int)) {
        var v = ViewState()
        for k in [Key.char(":"), .char("t"), .char("h"), .char("e"), .char("m"), .char("e"), .char(" "), .tab] {
            v = reduce(v, key: k, model: model, nowMillis: 0).0
        }
        GoldenFile.check(screen(v, size.0, size.1), named: "command-completion-\(size.0)x\(size.1)")
    }
}
