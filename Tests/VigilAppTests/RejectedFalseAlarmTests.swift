import Foundation
import Testing
@testable import VigilApp
import VigilCore
import VigilTestSupport

/// fixtures/incidents/rejected-false-alarm: a provider blip is proposed
/// (P1) and rejected at 14:12; meanwhile a model canary regresses on
/// accuracy. The regression must be its own proposal, with its own cause
/// and target, untouched by the rejection.
@Suite struct RejectedFalseAlarmTests {
    let dir = packageRoot + "/fixtures/incidents/rejected-false-alarm"

    @Test func theRegressionGetsItsOwnProposalAndTheRejectionMutesOnlyTheFalseAlarm() throws {
        let r = try Backtester.run(dir, policyPath: nil)
        let p1 = try #require(r.proposals.first)
        #expect(p1.id == "P1" && p1.signals == ["error-rate"] && p1.status == .rejected)
        #expect(p1.cause == Cause(group: "support-agent", change: nil, mode: .infrastructure))
        #expect(r.isBeforeOnset(p1) && r.falseProposals.map(\.id) == ["P1"])
        let p2 = try #require(r.proposals.first { $0.id == "P2" && !$0.escalation })
        #expect(p2.kind == .trafficShift && p2.target == "support-agent.model")
        #expect(p2.cause == Cause(group: "support-agent", change: Cause.Change(flag: "support-agent.model", variant: "v2"),
                                  mode: .qualityRegression))
        #expect(p2.signals.first == "policy-accuracy" && !p2.signals.contains("error-rate"))
        // Rejecting P1 at 14:12 left P2 open: it escalated, unanswered, 15 minutes after it was proposed.
        #expect(p2.status == .escalated)
        #expect(r.passed)
        let json = try JSONSerialization.jsonObject(with: Data(BacktestReport.json([r]).utf8)) as? [String: Any]
        let listed = try #require(((json?["incidents"] as? [[String: Any]])?.first?["proposals"]) as? [[String: Any]])
        #expect(listed.map { $0["before_onset"] as? Bool } == [true, false, false])
        #expect(listed.first?["status"] as? String == "rejected")
        #expect((listed.first?["cause"] as? [String: Any])?["mode"] as? String == "infrastructure")
        #expect((listed[1]["ranking"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["traffic_shift", "rollback", "escalate"])
        #expect(BacktestReport.text([r]).contains("(rejected)  BEFORE ONSET"))
    }
}
