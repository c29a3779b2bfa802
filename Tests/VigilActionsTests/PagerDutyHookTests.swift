import Foundation
import Testing
@testable import VigilCore
@testable import VigilActions

/// docs/hooks/pagerduty-escalate.py run the way Vigil runs it.
@Suite struct PagerDutyHookTests {
    let script = repoRoot + "/docs/hooks/pagerduty-escalate.py"

    func dryRun(_ p: Proposal, env: [String: String] = [:], args: [String] = []) throws -> [String: Any] {
        var hook = CommandHook(argv: ["/usr/bin/env", "python3", script] + args, timeout: .seconds(30),
                               env: ["VIGIL_PAGERDUTY_ROUTING_KEY": ""].merging(env) { $1 })
        hook.maxOutputBytes = 16384
        let r = hook.run(proposal: p)
        if r.exitStatus == 127 { Issue.record("python3 is not on PATH; CI needs Python 3 for this hook test") }
        #expect(r.succeeded, "\(r) \(r.outputHead)")
        let prefix = "dry run, not sent: "
        let line = try #require(r.outputHead.split(separator: "\n").first { $0.hasPrefix(prefix) })
        return try #require(try JSONSerialization.jsonObject(with: Data(line.dropFirst(prefix.count).utf8)) as? [String: Any])
    }

    @Test func buildsAnEventsV2TriggerWithoutAKey() throws {
        var p = sampleProposal(id: "P3")
        p.action = ActionIntent(kind: .escalate, summary: .escalate(group: "support-agent"))
        let payload = try dryRun(p)
        #expect(payload["event_action"] as? String == "trigger")
        #expect(payload["routing_key"] as? String == "<unset>")
        #expect(payload["dedup_key"] as? String == "vigil-support-agent-P3")
        let body = try #require(payload["payload"] as? [String: Any])
        #expect(body["summary"] as? String == "[vigil] support-agent: escalate support-agent to a human")
        #expect(body["source"] as? String == "vigil/support-agent")
        #expect(body["severity"] as? String == "error")
        let details = try #require(body["custom_details"] as? [String: Any])
        #expect(details["action"] as? String == "escalate")
        #expect((details["evidence"] as? [[String: Any]])?.first?["statistic"] as? String == "Δ=-0.21 z=6.1 logΛ=16.3/4.6")
    }

    @Test func dryRunFlagWinsOverAKeyAndTheKeyIsNotPrinted() throws {
        let payload = try dryRun(sampleProposal(), env: ["VIGIL_PAGERDUTY_ROUTING_KEY": "R0UT1NGKEY"], args: ["--dry-run"])
        #expect(payload["routing_key"] as? String == "<redacted>")
    }
}
