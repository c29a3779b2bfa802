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
        #expect((details["evidence"] as? [[String: Any]])?.first?["statistic"] as? String == "Δ=-0.21 99% CI [-0.26, -0.16] z=6.1 logΛ=16.3/4.6")
    }

    @Test func dryRunFlagWinsOverAKeyAndTheKeyIsNotPrinted() throws {
        let payload = try dryRun(sampleProposal(), env: ["VIGIL_PAGERDUTY_ROUTING_KEY": "R0UT1NGKEY"], args: ["--dry-run"])
        #expect(payload["routing_key"] as? String == "<redacted>")
    }

    @Test func aResolveClosesTheSameIncident() throws {
        let payload = try dryRun(sampleProposal(id: "P3"),
                                 env: ["VIGIL_EVENT": "resolve", "VIGIL_DEDUP_KEY": "vigil-support-agent-P3"])
        #expect(payload["event_action"] as? String == "resolve")
        #expect(payload["dedup_key"] as? String == "vigil-support-agent-P3")
        #expect(payload["payload"] == nil)
    }

    /// No endpoint is built in: with a key but no endpoint nothing is sent,
    /// and the one given (argv or environment) is the one used.
    @Test func theEndpointComesFromTheArgvOrTheEnvironmentNeverTheCode() throws {
        func run(_ args: [String], env: [String: String]) -> HookResult {
            CommandHook(argv: ["/usr/bin/env", "python3", script] + args, timeout: .seconds(30),
                        env: ["VIGIL_PAGERDUTY_ENDPOINT": "", "VIGIL_PAGERDUTY_ROUTING_KEY": ""].merging(env) { $1 })
                .run(proposal: sampleProposal())
        }
        let none = run([], env: ["PD_SECONDARY": "R0UT1NGKEY"] .merging(["VIGIL_PAGERDUTY_ROUTING_KEY": "K"]) { $1 })
        #expect(none.exitStatus == 2 && none.outputHead.contains("no PagerDuty endpoint"), "\(none.outputHead)")
        // Port 9 (discard) on loopback refuses: the message names the URL it tried.
        let argv = run(["--endpoint", "http://127.0.0.1:9/v2/enqueue", "--routing-key-env", "PD_SECONDARY"],
                       env: ["PD_SECONDARY": "R0UT1NGKEY"])
        #expect(argv.exitStatus == 1 && argv.outputHead.contains("at http://127.0.0.1:9/v2/enqueue"), "\(argv.outputHead)")
        #expect(!argv.outputHead.contains("R0UT1NGKEY"))
        let env = run([], env: ["VIGIL_PAGERDUTY_ROUTING_KEY": "K", "VIGIL_PAGERDUTY_ENDPOINT": "http://127.0.0.1:9/enqueue"])
        #expect(env.exitStatus == 1 && env.outputHead.contains("at http://127.0.0.1:9/enqueue"), "\(env.outputHead)")
        let source = try String(contentsOfFile: script, encoding: .utf8)
        #expect(!source.contains("ENDPOINT = \"http"))
    }
}
