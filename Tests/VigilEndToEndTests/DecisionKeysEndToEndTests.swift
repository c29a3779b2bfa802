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

    @Test func searchThenNDoesNotRejectUndoAndSnoozeDo() throws {
        let state = temporaryDirectory("e2e-keys")
        let tmux = try Tmux()
        defer { tmux.kill() }
        try startDemo(tmux, state: state, env: "", options: "--operator e2e")
        try tmux.waitFor(60, "the proposal") { $0.contains("shift canary traffic of support-agent.model to 0%") }
        waitOutTheConfirmationGuard()

        // The less/vim habit: search, Enter, n for "next match", typed together.
        try tmux.keys("/shift", "Enter", "n")
        try tmux.waitFor(10, "the guard's refusal") { $0.contains("the screen changed") }
        #expect(!ledgerText(state).contains("\"rejected\""))

        waitOutTheConfirmationGuard()
        try tmux.type("n")
        try tmux.waitFor(10, "the undo offer") { $0.contains("P1 rejected — u to undo (5s)") }
        try waitUntil(20, "the rejection in the ledger") { ledgerText(state).contains("\"rejected\"") }
        try tmux.type("u")
        try waitUntil(20, "the undo in the ledger") { ledgerText(state).contains("\"undone\"") }
        try tmux.waitFor(10, "the undo answered") { $0.contains("P1: undoing the rejection") }

        try tmux.keys(":snooze 30m", "Enter")
        try waitUntil(20, "the snooze in the ledger") { ledgerText(state).contains("\"snoozed\"") }
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
