import Foundation
import VigilTestSupport
import Testing

/// The whole loop with the real binary in a real terminal: the demo shows
/// its panels, a proposal appears, `y` confirms it, the ledger and the flag
/// file change on disk, and `q` leaves the terminal as it was.
@Suite(.serialized) struct DemoEndToEndTests {
    @Test func confirmingTheDemoProposalWritesTheLedgerThenTheFlagFile() throws {
        let vigil = try vigilBinary()
        let state = temporaryDirectory("e2e-state")
        let fixtureFlags = packageRoot + "/fixtures/incidents/expired-return-policy/flags.json"
        let fixtureBefore = try Data(contentsOf: URL(fileURLWithPath: fixtureFlags))
        let tmux = try Tmux()
        defer { tmux.kill() }
        try tmux.line("cd \(shellQuote(packageRoot)) && stty -g > \(shellQuote(state + "/stty.before"))")
        try tmux.line("\(shellQuote(vigil)) demo --speed 120 --operator e2e --state-dir \(shellQuote(state)); stty -g > \(shellQuote(state + "/stty.after")); echo VIGIL-EXIT=$?")

        // The panels are drawn before the first data arrives; wait for both.
        let screen = try tmux.waitFor(30, "the four panels with data") {
            $0.contains("Error rates") && $0.contains("Output quality") && $0.contains("Behavioral") && $0.contains("Drift")
                && $0.contains("support-agent")
        }
        #expect(screen.contains("support-agent"))
        try tmux.waitFor(60, "the proposal") { $0.contains("shift canary traffic of support-agent.model to 0%") }
        waitOutTheConfirmationGuard()
        try tmux.type("y")

        let ledger = state + "/ledger.jsonl"
        try waitUntil(20, "an outcome in the ledger") {
            ((try? String(contentsOfFile: ledger, encoding: .utf8)) ?? "").contains("\"outcome\"")
        }
        let lines = try String(contentsOfFile: ledger, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2, "one decision, one outcome: \(lines)")
        #expect(lines.first?.contains("\"confirmed\"") == true)
        #expect(lines.first?.contains("\"e2e\"") == true)
        #expect(lines.last?.contains("\"succeeded\":true") == true)

        // The replay's copy of the flag file now sends no traffic to the canary.
        let flags = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: state + "/flags.json"))) as? [String: Any]
        let model = ((flags?["flags"] as? [String: Any])?["support-agent.model"]) as? [String: Any]
        let weights = fractionalWeights(model)
        #expect(weights["v2"] == 0 || (weights.isEmpty && model?["defaultVariant"] as? String == "v1"),
                "flag after action: \(String(describing: model))")
        // The fixture itself is untouched.
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixtureFlags)) == fixtureBefore)

        try tmux.waitFor(10, "the outcome on screen") { $0.contains("done") || $0.contains("executed") || $0.contains("EXECUTED") }
        let after = try tmux.quitVigil(10, "the shell after quitting")
        #expect(!after.contains("Output quality"), "the dashboard must be gone from the screen")
        let before = try String(contentsOfFile: state + "/stty.before", encoding: .utf8)
        let restored = try String(contentsOfFile: state + "/stty.after", encoding: .utf8)
        #expect(before == restored, "terminal modes after quitting differ from before")
    }

    @Test func rejectingIsRecordedAndChangesNothing() throws {
        let state = temporaryDirectory("e2e-reject")
        let tmux = try Tmux()
        defer { tmux.kill() }
        try startDemo(tmux, state: state, env: "")
        try tmux.waitFor(60, "the proposal") { $0.contains("shift canary traffic of support-agent.model to 0%") }
        let flagsBefore = try Data(contentsOf: URL(fileURLWithPath: state + "/flags.json"))
        waitOutTheConfirmationGuard() // every decision key waits for it
        try tmux.type("n")
        try waitUntil(20, "the rejection in the ledger") {
            ((try? String(contentsOfFile: state + "/ledger.jsonl", encoding: .utf8)) ?? "").contains("\"rejected\"")
        }
        try tmux.quitVigil()
        #expect(try Data(contentsOf: URL(fileURLWithPath: state + "/flags.json")) == flagsBefore)
    }
}

/// Variant → weight from a flagd `fractional` targeting rule.
func fractionalWeights(_ flag: [String: Any]?) -> [String: Double] {
    guard let targeting = flag?["targeting"] as? [String: Any],
          let fractional = targeting["fractional"] as? [Any] else { return [:] }
    var out: [String: Double] = [:]
    for item in fractional {
        if let pair = item as? [Any], pair.count == 2, let v = pair[0] as? String, let w = pair[1] as? NSNumber {
            out[v] = w.doubleValue
        }
    }
    return out
}
