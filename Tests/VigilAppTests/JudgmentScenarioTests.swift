import Testing
@testable import VigilApp
import VigilCore
import VigilIngest
import VigilTestSupport

/// The generated recordings of issue 15 (fixtures/generate.py): the
/// proposal, its target, the change blamed and the interval, as
/// `vigil backtest` shows them.
@Suite struct JudgmentScenarioTests {
    let incidents = packageRoot + "/fixtures/incidents/"

    @Test func twoChangesCloseTogetherProposeTheFirstAndNameTheSecond() throws {
        let r = try Backtester.run(incidents + "two-changes-model-first", policyPath: nil)
        let p = try #require(r.proposals.first)
        #expect(p.kind == .rollback && p.target == "support-agent.model")
        let e = try #require(p.evidence.first)
        #expect(e.deploy?.event.flag == "support-agent.model")
        #expect(e.changePoint.map { $0.located && $0.time < EventTime.utc(year: 2026, month: 2, day: 21, hour: 10, minute: 15) } == true)
        #expect(e.changes.map(\.deploy.event.flag) == ["support-agent.model", "support-agent.prompt"])
        let text = BacktestReport.text([r])
        #expect(text.contains("blamed: support-agent.model v1→v2 at 10:10:00"))
        #expect(text.contains("also weighed: support-agent.prompt t1→t2 at 10:15:00"))
        #expect(!text.contains("not to blame"))
        #expect(!r.proposals.contains { $0.target == "support-agent.prompt" })
    }

    @Test func aSmallSlowCanaryRegressionIsCaughtWithAnIntervalThatCoversIt() throws {
        let r = try Backtester.run(incidents + "slow-canary-regression", policyPath: nil)
        let p = try #require(r.proposals.first)
        #expect(p.kind == .trafficShift && p.target == "support-agent.model")
        #expect(r.timeToFirstProposal.map { $0 <= .hours(1) } == true)
        // The canary test's own evidence: replay the recording and take the
        // statistic the moment it first fails.
        let loaded = try PolicyLoader.load(path: incidents + "slow-canary-regression/vigil.yaml").policy
        var core = Governor(policy: loaded)
        var first: Statistic?
        _ = try forEachRecordBatch(inFile: incidents + "slow-canary-regression/metrics.jsonl") { batch in
            for o in core.apply(batch) where first == nil {
                if case .alert("policy-accuracy", _, .canaryVsBaseline, _, let detail) = o { first = detail }
            }
        }
        guard case .canary(let diff, _, _, _, let low, let high)? = first else {
            Issue.record("the canary test never failed: \(String(describing: first))"); return
        }
        // The recording's true effect is −0.07.
        #expect(low <= -0.07 && -0.07 <= high, "interval \(low)…\(high), estimate \(diff)")
        #expect(high < 0)
    }
}
