import Testing
import VigilCore
import VigilUI

@Suite struct SourcesScreenTests {
    @Test func hOpensEveryHealthCountAndEscReturns() {
        var source = SourceSummary(name: "metrics.jsonl", records: 990, malformed: 7, lagBytes: 2048)
        source.lines = 1000
        source.nonFinite = 2
        source.outOfOrder = 3
        source.duplicates = 4
        source.oversized = 1
        source.lastError = "line 812, column 40: expected a value"
        let model = DashboardModel(status: StatusInfo(sources: [source]))
        let (v, _) = reduce(ViewState(), key: .char("h"), model: model, nowMillis: 0)
        #expect(v.screen == .sources)
        let text = render(model, v, width: 100, height: 30, theme: .dark).text()
        for expected in ["metrics.jsonl    1000     990     7     1     2     3     4    2 KB",
                         "bad: malformed lines, skipped", "NaN: NaN or ±Inf values, kept",
                         "last error: line 812,", "column 40: expected a value"] {
            #expect(text.contains(expected), "sources screen lacks \(expected):\n\(text)")
        }
        let (back, _) = reduce(v, key: .escape, model: model, nowMillis: 0)
        #expect(back.screen == .overview)
    }

    /// A source whose file became a FIFO, a directory or unreadable is a ✗
    /// with the reason, on the sources screen and in the status bar.
    @Test func anUnreadableSourceIsACrossWithItsReason() {
        var source = SourceSummary(name: "metrics.jsonl", records: 12)
        source.unreadable = "a FIFO, not a regular file"
        let model = DashboardModel(status: StatusInfo(sources: [source]))
        let overview = render(model, ViewState(), width: 160, height: 40, theme: .dark).text()
        #expect(overview.contains("metrics.jsonl ✗"), "\(overview)")
        let (v, _) = reduce(ViewState(), key: .char("h"), model: model, nowMillis: 0)
        let text = render(model, v, width: 100, height: 30, theme: .dark).text()
        #expect(text.contains("✗ metrics.jsonl"), "\(text)")
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(words.contains("unreadable: a FIFO, not a regular file"), "\(text)")
    }

    /// Groups beyond the core's cap are read but not judged: the status bar
    /// and the sources screen say so, with the counts.
    @Test func aReachedGroupCapIsShownWithItsCounts() {
        var core = CoreSnapshot.empty
        (core.groupCap, core.groupsOverCap, core.recordsOverCap) = (10_000, 37, 4_210)
        let model = DashboardModel(core: core)
        let overview = render(model, ViewState(), width: 160, height: 40, theme: .dark).text()
        #expect(overview.contains("⚠ GROUP CAP"), "\(overview)")
        let (v, _) = reduce(ViewState(), key: .char("h"), model: model, nowMillis: 0)
        let text = render(model, v, width: 100, height: 30, theme: .dark).text()
        #expect(text.contains("group cap reached"), "\(text)")
        #expect(text.contains("37 groups beyond the first 10000") && text.contains("4210 records"), "\(text)")
        let healthy = render(DashboardModel(), ViewState(), width: 160, height: 40, theme: .dark).text()
        #expect(!healthy.contains("GROUP CAP"))
    }
}
