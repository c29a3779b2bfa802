import Foundation
import Testing
import VigilTestSupport

/// The fleet overview with the real binary in a real terminal: a small
/// two-deployment recording, written here deterministically (no incident
/// has more than one deployment), replayed flat out.
@Suite(.serialized) struct FleetEndToEndTests {
    /// alpha-bot stays healthy; beta-bot gets v2 at 20% at 10:01 and its
    /// canary's error rate jumps to 0.3 at 10:02, so it fails and P1 is
    /// proposed for it at 10:02:30.
    static func writeRecording(into dir: String) throws {
        var lines: [String] = []
        func ts(_ s: Int) -> String {
            let m = s / 60, sec = s % 60
            return "2026-02-15T10:0\(m):\(sec < 10 ? "0" : "")\(sec).000Z"
        }
        for s in stride(from: 0, to: 300, by: 10) {
            if s == 60 {
                lines.append(#"{"ts":"\#(ts(s))","event":"deploy","flag":"beta-bot.model","from":"v1","to":"v2","weight":20,"labels":{"deployment":"beta-bot"}}"#)
            }
            for d in ["alpha-bot", "beta-bot"] {
                lines.append(#"{"ts":"\#(ts(s))","metric":"errors.rate","value":0.02,"labels":{"deployment":"\#(d)","variant":"baseline"}}"#)
                if d == "beta-bot" && s >= 60 {
                    let v = s >= 120 ? "0.3" : "0.02"
                    lines.append(#"{"ts":"\#(ts(s))","metric":"errors.rate","value":\#(v),"labels":{"deployment":"\#(d)","variant":"canary"}}"#)
                }
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/metrics.jsonl", atomically: true, encoding: .utf8)
        try """
            name: fleet-e2e
            group_by: deployment
            escalate_after: 15m
            flags:
              - name: alpha-bot.model
                deployment: alpha-bot
                role: model
              - name: beta-bot.model
                deployment: beta-bot
                role: model
            signals:
              - name: error-rate
                metric: errors.rate
                family: infrastructure
                critical: true
                no_data: hold
                stale_after: 10m
                detector: {type: threshold, value: 0.1, direction: higher_is_worse, for: 30s}

            """.write(toFile: dir + "/vigil.yaml", atomically: true, encoding: .utf8)
        try """
            {"flags": {
              "alpha-bot.model": {"state": "ENABLED", "variants": {"v1": "a", "v2": "b"}, "defaultVariant": "v1"},
              "beta-bot.model": {"state": "ENABLED", "variants": {"v1": "a", "v2": "b"}, "defaultVariant": "v1"}
            }}

            """.write(toFile: dir + "/flags.json", atomically: true, encoding: .utf8)
    }

    @Test func theFleetComesFirstEnterOpensADeploymentAndEscComesBack() throws {
        let recording = temporaryDirectory("e2e-fleet-recording")
        try Self.writeRecording(into: recording)
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.kill() }
        let vigil = try vigilBinary()
        try tmux.line("cd \(shellQuote(packageRoot)) && env -u NO_COLOR \(shellQuote(vigil)) replay \(shellQuote(recording)) --speed 0 --state-dir \(shellQuote(temporaryDirectory("e2e-fleet-state"))); echo VIGIL-EXIT=$?")

        // The first screen is the fleet, worst first: beta-bot (failing, P1 open) above alpha-bot.
        let fleet = try tmux.waitFor(30, "the fleet with P1") {
            $0.contains("Deployments · 2 watched") && $0.contains("P1") && $0.contains("replay finished")
        }
        let rows = fleet.split(separator: "\n").map(String.init)
        let beta = try #require(rows.firstIndex { $0.contains("✗ FAIL") && $0.contains("beta-bot") }, "\(fleet)")
        let alpha = try #require(rows.firstIndex { $0.contains("✓ OK") && $0.contains("alpha-bot") }, "\(fleet)")
        #expect(beta < alpha, "the failing deployment comes first:\n\(fleet)")
        #expect(rows[beta].contains("v1 80% / v2 20%"), "the rollout and its weights:\n\(fleet)")
        #expect(rows[beta].hasPrefix("▶"), "the most urgent row is selected:\n\(fleet)")

        // Enter: beta-bot's own screen, with its proposal and the keys to decide it.
        try tmux.press("Enter")
        let deployment = try tmux.waitFor(10, "beta-bot's screen") {
            // The key hints too: under load a capture can catch the frame half drawn.
            $0.contains("Error rates") && $0.contains("roll back beta-bot.model to v1") && !$0.contains("Deployments ·")
                && $0.contains("y confirm · n reject")
        }
        #expect(!deployment.contains("alpha-bot"), "only beta-bot:\n\(deployment)")

        // Esc: back to the fleet, the selection kept.
        try tmux.press("Escape")
        let back = try tmux.waitFor(10, "the fleet again") { $0.contains("Deployments · 2 watched") }
        #expect(back.split(separator: "\n").contains { $0.hasPrefix("▶") && $0.contains("beta-bot") }, "\(back)")

        // ↓ selects alpha-bot; Enter opens it: no proposal there.
        try tmux.press("Down")
        try tmux.waitFor(10, "alpha-bot selected") { s in
            s.split(separator: "\n").contains { $0.hasPrefix("▶") && $0.contains("alpha-bot") }
        }
        try tmux.press("Enter")
        // (The key hints that name the deployment are hidden while the
        // "replay finished" notice shows.)
        try tmux.waitFor(10, "alpha-bot's screen") {
            $0.contains("Error rates") && !$0.contains("Deployments ·") && $0.contains("no proposals: nothing needs a decision")
        }
        try tmux.quitVigil()
    }
}
