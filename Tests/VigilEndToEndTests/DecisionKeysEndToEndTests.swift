import Foundation
import VigilTestSupport
import Testing

/// The decision keys in a real terminal on the demo: `n` typed right after a
/// `/` search does not reject, a rejection says how to undo it and `u` does,
/// and `:snooze 30m` shows its end and comes back by itself, each in the
/// ledger.
@Suite(.serialized) struct DecisionKeysEndToEndTests {
    func ledgerText(_ state: String) -> String {
        (try? String(contentsOfFile: state + "/ledger.jsonl", encoding: .utf8)) ?? ""
    }

    /// P1's row in the proposal queue: its status badge says what the app's
    /// model holds, which no later message can hide.
    func p1Row(_ screen: String) -> String {
        let badges = ["PENDING", "ESCALATED", "REJECTED", "SNOOZED", "CONFIRMED", "EXECUTED", "FAILED"]
        return screen.split(separator: "\n").first { line in
            line.contains(" P1 ") && badges.contains { line.contains($0) }
        }.map(String.init) ?? ""
    }

    /// Types a decision (`press`) until the ledger holds `verdict`. A refusal
    /// by the guard ("… press n again") is waited out on the app's own clock:
    /// the refusal stays on screen until it expires, which takes longer than
    /// the guard, so the next try is not refused for the same change. Never
    /// types again while the last try may still be on its way.
    func decide(_ tmux: Tmux, key: String, verdict: String, state: String, press: () throws -> Void) throws {
        let refused = "press \(key) again"
        let recorded = { ledgerText(state).contains("\"\(verdict)\"") }
        for _ in 0..<3 {
            try tmux.waitFor(20, "no refusal on screen") { !$0.contains(refused) }
            try press()
            try tmux.waitFor(20, "\(verdict) in the ledger, or a refusal") { recorded() || $0.contains(refused) }
            if recorded() { return }
        }
        throw E2EError("\(verdict) was refused three times")
    }

    @Test func searchThenNDoesNotRejectUndoAndSnoozeDo() throws {
        let state = temporaryDirectory("e2e-keys")
        let tmux = try Tmux()
        defer { tmux.kill() }
        try startDemo(tmux, state: state, env: "", options: "--operator e2e")
        try tmux.waitFor(60, "the proposal") { $0.contains("shift canary traffic of support-agent.model to 0%") }

        // The less/vim habit: search, Enter, n for "next match", typed
        // together. Refused: the filter line was just left (or P1 only just
        // appeared); either way the key is answered, not taken.
        try tmux.keys("/shift", "Enter", "n")
        try tmux.waitFor(20, "the guard's refusal") { $0.contains("then press n again") }
        #expect(!ledgerText(state).contains("\"rejected\""))

        try decide(tmux, key: "n", verdict: "rejected", state: state) { try tmux.type("n") }
        // The app's model has the rejection before u can take it back.
        try tmux.waitFor(20, "P1 rejected in the queue") { p1Row($0).contains("REJECTED") }
        try tmux.type("u")
        try waitUntil(20, "the undo in the ledger") { ledgerText(state).contains("\"undone\"") }
        try tmux.waitFor(20, "P1 open again") { p1Row($0).contains("PENDING") || p1Row($0).contains("ESCALATED") }

        try decide(tmux, key: "s", verdict: "snoozed", state: state) { try tmux.keys(":snooze 30m", "Enter") }
        let snoozed = try tmux.waitFor(10, "the snooze's end on screen") { $0.contains("SNOOZED") && $0.contains("until") }
        #expect(snoozed.contains("P1"))
        // The replay runs at 120×: 30 event minutes pass in 15 s.
        try waitUntil(60, "the snooze to end by itself") { ledgerText(state).contains("\"snooze_ended\"") }
        try tmux.waitFor(10, "P1 back in the queue") { !$0.contains("SNOOZED") }
        try tmux.quitVigil()
        let decisions = ledgerText(state).split(separator: "\n").compactMap { line -> String? in
            guard let r = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return r["decision"] as? String
        }
        #expect(decisions == ["rejected", "undone", "snoozed", "snooze_ended"])
    }
}
