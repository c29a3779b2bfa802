import Foundation
import Testing
import VigilSystem
@testable import VigilApp
import VigilCore
import VigilTestSupport

@Suite struct BacktestTests {
    static let incidents: [String] = {
        let dir = packageRoot + "/fixtures/incidents"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }()

    @Test func thereAreAtLeastTheSevenRequiredIncidents() {
        for name in ["expired-return-policy", "error-spike-rollback", "prompt-template-regression",
                     "gradual-data-drift", "agent-belief-drift", "confidence-shift", "healthy-rollout"] {
            #expect(Self.incidents.contains(name), "missing fixture \(name)")
        }
    }

    @Test(arguments: incidents)
    func everyFixtureMeetsItsExpectations(_ name: String) throws {
        let r = try Backtester.run(packageRoot + "/fixtures/incidents/" + name, policyPath: nil)
        #expect(r.samples > 0)
        #expect(!r.checks.isEmpty, "\(name) has no expectations")
        for c in r.checks where !c.met {
            Issue.record("\(name): \(c.kind) \(c.rule) not met: \(c.detail)")
        }
    }

    @Test func errorRateOnlyFloorMissesTheExpiredPolicy() throws {
        let r = try Backtester.run(packageRoot + "/fixtures/incidents/expired-return-policy", policyPath: nil)
        #expect(r.baseline.isEmpty)
        #expect(r.timeToFirstProposal.map { $0 <= .minutes(15) } == true)
    }

    @Test func jsonReportHasTheDocumentedShape() throws {
        let r = try Backtester.run(packageRoot + "/fixtures/incidents/prompt-template-regression", policyPath: nil)
        let json = BacktestReport.json([r])
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let incident = try #require((object?["incidents"] as? [[String: Any]])?.first)
        #expect(incident["incident"] as? String == "prompt-template-regression")
        #expect(incident["onset"] as? String == "2026-02-16T14:00:00.000Z")
        #expect(incident["time_to_first_proposal_s"] as? Double == 120)
        let first = try #require((incident["proposals"] as? [[String: Any]])?.first)
        #expect(first["kind"] as? String == "rollback")
        #expect(first["target"] as? String == "support-agent.prompt")
        #expect(first["failure_mode"] as? String == "quality_regression")
        #expect((incident["expectations"] as? [[String: Any]])?.allSatisfy { $0["met"] as? Bool == true } == true)
        #expect((incident["baseline"] as? [String: Any])?["policy"] as? String == "error-rate-only")
    }

    @Test func aBareRecordingUsesTheDefaultPolicyWithNoOnset() throws {
        let r = try Backtester.run(packageRoot + "/fixtures/incidents/expired-return-policy/metrics.jsonl", policyPath: nil)
        #expect(r.policy == "built-in default")
        #expect(r.onset == nil)
        #expect(r.proposals.contains { $0.kind == .trafficShift })
    }

    /// Past the cap on distinct groups the rest of the recording is still
    /// read and counted, and the report says so, in text and JSON.
    @Test func groupsBeyondTheCapAreReported() throws {
        let dir = temporaryDirectory("backtest-cap")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/many.jsonl"
        let lines = (0..<30).map { i in
            #"{"ts":"2026-02-14T10:00:\#(10 + i).000Z","metric":"errors.rate","value":0.5,"labels":{"deployment":"d\#(i)"}}"#
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let r = try Backtester.run(path, policyPath: nil, groupCap: 10)
        #expect(r.samples == 30)
        #expect((r.groupCap, r.groupsOverCap, r.samplesOverCap) == (10, 20, 20))
        #expect(BacktestReport.text([r]).contains(
            "over the group cap  20 groups beyond the first 10 were not judged; their 20 samples were counted"))
        #expect(BacktestReport.json([r]).contains(#""over_group_cap":{"cap":10,"groups":20,"samples":20}"#))
        // Under the cap nothing is said.
        let all = try Backtester.run(path, policyPath: nil)
        #expect(!BacktestReport.text([all]).contains("group cap") && !BacktestReport.json([all]).contains("over_group_cap"))
    }
}

@Suite struct FixtureGeneratorTests {
    /// The recordings are generated, not hand-edited: the committed bytes must
    /// be exactly what the documented generator makes from its seeds.
    @Test func committedFixturesMatchTheGenerator() throws {
        let r = try ChildProcess.run(["/usr/bin/env", "python3", packageRoot + "/fixtures/generate.py", "--check"])
        #expect(r.status.code == 0, "fixtures/generate.py --check: \(String(decoding: r.output, as: UTF8.self))")
    }
}
