import Foundation
import Testing
@testable import VigilApp
import VigilCore
import VigilTestSupport

@Suite struct DefaultPolicyTests {
    func signals(_ metrics: [String], canary: Set<String> = [], beliefs: Bool = false) -> [SignalSpec] {
        DefaultPolicy.make(for: RecordingCatalog(metrics: metrics, canaryMetrics: canary, hasBeliefs: beliefs)).signals
    }

    @Test func everyDocumentedFamilyIsWatchedByPrefixWithEitherSeparator() {
        let names = ["errors.rate", "http.error_rate", "latency.p95_ms", "quality.refund_accuracy",
                     "behavior.rephrase_rate", "drift.input_topic_shift", "confidence.score",
                     "http_errors_ratio", "quality_judge_score", "behavior_abandon_rate", "confidence_score",
                     "latency_p95_seconds", "drift_embedding_distance"]
        let specs = signals(names, canary: Set(names))
        for n in names {
            #expect(specs.contains { $0.metric == n }, "\(n) is not watched")
        }
        #expect(signals(["traffic.rpm", "cpu.seconds", "qualityx"]).isEmpty)
    }

    @Test func directionsFollowTheConvention() {
        #expect(DefaultPolicy.direction(of: "quality.refund_accuracy") == .lowerIsWorse)
        #expect(DefaultPolicy.direction(of: "confidence.score") == .lowerIsWorse)
        #expect(DefaultPolicy.direction(of: "http.error_rate") == .higherIsWorse)
        #expect(DefaultPolicy.direction(of: "http.success_rate") == .lowerIsWorse)
        #expect(DefaultPolicy.direction(of: "behavior.rephrase_rate") == .higherIsWorse)
        #expect(DefaultPolicy.direction(of: "quality.hallucination_rate") == .higherIsWorse)
        #expect(DefaultPolicy.direction(of: "latency_p95_seconds") == .higherIsWorse)
    }

    @Test func comparisonsAndShapeOnlyWhereACanaryReports() {
        let with = signals(["quality.judge_score"], canary: ["quality.judge_score"])
        let without = signals(["quality.judge_score"])
        #expect(with.contains { if case .canary = $0.detector { return true } else { return false } })
        #expect(with.contains { if case .psi(let p) = $0.detector { return p.wassersteinThreshold != nil } else { return false } })
        #expect(!without.contains { if case .canary = $0.detector { return true } else { return false } })
        #expect(without.contains { if case .cusum = $0.detector { return true } else { return false } })
    }

    @Test func beliefsAreJoinedWhenAgentsReportThem() {
        #expect(signals(["errors.rate"], beliefs: true).contains { $0.detector == .belief })
        #expect(!signals(["errors.rate"]).contains { $0.detector == .belief })
    }

    @Test func aBacktestSaysLoudlyWhenNoSignalMatched() throws {
        let dir = temporaryDirectory("default-policy")
        let path = dir + "/unknown.jsonl"
        let lines = (0..<50).map { i in
            "{\"ts\": \(1771063200 + i * 10), \"metric\": \"cpu.load\\u001b[31m\", \"value\": 0.5}"
        }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let r = try Backtester.run(path, policyPath: nil)
        #expect(r.unmatchedMetrics == ["cpu.load\u{1b}[31m"])
        let text = BacktestReport.text([r])
        #expect(text.contains("no signal of the policy matched any sample"))
        #expect(text.contains("cpu.load"))
        #expect(!text.contains("\u{1b}"))
    }

    @Test func aWatchSaysLoudlyOnceWhenNoSignalMatched() {
        let coverage = SignalCoverage(policy: DefaultPolicy.make())
        let t0 = EventTime(seconds: 1_771_063_200)
        let unmatched = (0..<SignalCoverage.patience).map {
            Record.sample(Sample(time: t0.adding(.seconds(Double($0))), metric: "http_requests_total", value: 1))
        }
        #expect(coverage.observe(RecordBatch(unmatched.prefix(10))) == nil)
        let warning = coverage.observe(RecordBatch(unmatched))
        #expect(warning?.contains("http_requests_total") == true)
        #expect(coverage.observe(RecordBatch(unmatched)) == nil)
        let matched = SignalCoverage(policy: DefaultPolicy.make())
        #expect(matched.observe(RecordBatch([.sample(Sample(time: t0, metric: "errors.rate", value: 0.01))] + unmatched)) == nil)
        // Samples in a batch's columns (a file's common lines) count the same.
        var columns = RecordBatch()
        let other = columns.addSeries(.init(metric: "http_requests_total", labels: Labels()))
        for i in 0..<SignalCoverage.patience { columns.appendSample(milliseconds: t0.milliseconds + Int64(i), value: 1, series: other) }
        #expect(SignalCoverage(policy: DefaultPolicy.make()).observe(columns)?.contains("http_requests_total") == true)
        var matchedColumns = RecordBatch()
        let errors = matchedColumns.addSeries(.init(metric: "errors.rate", labels: Labels()))
        matchedColumns.appendSample(milliseconds: t0.milliseconds, value: 0.01, series: errors)
        let alsoMatched = SignalCoverage(policy: DefaultPolicy.make())
        #expect(alsoMatched.observe(matchedColumns) == nil && alsoMatched.observe(RecordBatch(unmatched)) == nil)
    }
}

@Suite struct DefaultPolicyIncidentTests {
    @Test(arguments: BacktestTests.incidents)
    func everyIncidentPassesUnderTheDefaultSignals(_ name: String) throws {
        let r = try Backtester.run(packageRoot + "/fixtures/incidents/" + name, policyPath: nil, defaultSignals: true)
        #expect(r.policy.hasPrefix("built-in default"))
        for c in r.checks where !c.met {
            Issue.record("\(name) under the default signals: \(c.kind) \(c.rule) not met: \(c.detail)")
        }
    }
}

/// A default-policy backtest decodes its recording once and judges the
/// batches it kept; past the budget it reads the file again. Either way the
/// report is the same.
@Suite struct KeptBatchesTests {
    @Test(arguments: ["expired-return-policy", "two-changes-model-first", "agent-belief-drift"])
    func readingOnceOrTwiceGivesTheSameReport(_ name: String) throws {
        let path = packageRoot + "/fixtures/incidents/" + name
        let once = try Backtester.run(path, policyPath: nil, defaultSignals: true)
        let twice = try Backtester.run(path, policyPath: nil, defaultSignals: true, keptBatchBudget: 0)
        #expect(once.samples > 0)
        #expect(BacktestReport.json([once]) == BacktestReport.json([twice]))
        #expect(BacktestReport.text([once]) == BacktestReport.text([twice]))
    }

    @Test func batchesAreKeptUntilTheBudgetAndThenDropped() {
        var batch = RecordBatch()
        let s = batch.addSeries(.init(metric: "errors.rate", labels: Labels()))
        for i in 0..<100 { batch.appendSample(milliseconds: Int64(i), value: 0.1, series: s) }
        var kept = KeptBatches(budget: 3 * batch.approximateBytes)
        kept.keep(batch)
        kept.keep(batch)
        #expect(kept.batches.count == 2 && !kept.overBudget)
        kept.keep(batch)
        #expect(kept.batches.count == 3 && !kept.overBudget)
        kept.keep(batch)
        #expect(kept.batches.isEmpty && kept.overBudget)
        kept.keep(batch)
        #expect(kept.batches.isEmpty)
    }
}
