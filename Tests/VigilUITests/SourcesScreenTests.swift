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

    /// Before any data: the configured signals are listed as waiting, a
    /// missing source is a ✗, and the empty queue does not say all is well.
    @Test func configuredSignalsAndAMissingSourceShowBeforeAnyData() {
        var source = SourceSummary(name: "metrics-typo.jsonl", records: 0)
        source.unreadable = "does not exist (waiting for it to be created)"
        var status = StatusInfo(sources: [source])
        status.configuredSignals = [ConfiguredSignal(name: "error-rate", metric: "errors.rate", family: .infrastructure),
                                    ConfiguredSignal(name: "policy-accuracy", metric: "quality.score", family: .quality)]
        let model = DashboardModel(status: status)
        let overview = render(model, ViewState(), width: 160, height: 40, theme: .dark).text()
        #expect(overview.contains("∅ NO DATA error-rate") && overview.contains("waiting for errors.rate"), "\(overview)")
        #expect(overview.contains("policy-accuracy") && overview.contains("waiting for quality.score"), "\(overview)")
        #expect(!overview.contains("nothing needs a decision"), "\(overview)")
        #expect(overview.contains("no proposals, but source metrics-typo.jsonl ✗ unread, its signals not judged"), "\(overview)")
        // Once a healthy source has data, the empty queue can be trusted again.
        var healthy = model
        healthy.status.sources = [SourceSummary(name: "metrics.jsonl", records: 3)]
        healthy.core.eventTime = Fixtures.t0
        let calm = render(healthy, ViewState(), width: 160, height: 40, theme: .dark).text()
        #expect(calm.contains("nothing needs a decision"), "\(calm)")
    }

    /// `vigil check`'s warnings stay on the sources screen.
    @Test func policyWarningsAreOnTheSourcesScreen() {
        var status = StatusInfo(sources: [SourceSummary(name: "metrics.jsonl", records: 1)])
        status.policyWarnings = ["vigil.yaml:3:1: warning: unknown key 'bogus_key' in policy"]
        let model = DashboardModel(status: status)
        let (v, _) = reduce(ViewState(), key: .char("h"), model: model, nowMillis: 0)
        let text = render(model, v, width: 100, height: 30, theme: .dark).text()
        #expect(text.contains("policy warnings"), "\(text)")
        #expect(text.contains("vigil.yaml:3:1: warning: unknown key 'bogus_key'"), "\(text)")
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

    /// A Prometheus server shows when it last answered, how fast, how many
    /// requests failed, its warnings and why it is down.
    @Test func aNetworkSourceShowsLastSuccessLatencyAndWhyItIsDown() {
        var source = SourceSummary(name: "prod", records: 120_500)
        source.remote = true
        source.requests = 41
        source.failedRequests = 3
        source.latencyMilliseconds = 87
        source.lastSuccess = "10:41:15"
        source.warnings = 2
        source.lastWarning = "store eu-1 unavailable: partial response"
        source.unreadable = "cannot connect: connection refused"
        let model = DashboardModel(status: StatusInfo(sources: [source]))
        let overview = render(model, ViewState(), width: 160, height: 40, theme: .dark).text()
        #expect(overview.contains("prod ✗"), "\(overview)")
        let (v, _) = reduce(ViewState(), key: .char("h"), model: model, nowMillis: 0)
        let text = render(model, v, width: 160, height: 40, theme: .dark).text()
        for expected in ["✗ prod", "last ok 10:41:15 UTC", "87 ms", "41 requests, 3 failed",
                         "2 warnings, latest: store eu-1 unavailable: partial response",
                         "down: cannot connect: connection refused"] {
            #expect(text.contains(expected), "sources screen lacks \(expected):\n\(text)")
        }
    }
}
