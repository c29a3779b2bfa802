import Foundation
import VigilTestSupport
import Testing

/// The bell and the window title with the real binary in tmux: tmux keeps
/// the pane title Vigil sets (OSC 2) and flags the window when it rings.
@Suite(.serialized) struct AttentionEndToEndTests {
    static let proposalTitle = "shift canary traffic of support-agent.model to 0%"

    @Test func aProposalRingsTheBellAndTheTitleCarriesTheState() throws {
        let tmux = try Tmux(width: 120, height: 36)
        defer { tmux.kill() }
        try tmux.run(["set-option", "-g", "monitor-bell", "on"])
        try startDemo(tmux, state: temporaryDirectory("e2e-attention"))
        try waitUntil(60, "the title to say a proposal is pending") {
            ((try? tmux.display("#{pane_title}")) ?? "").contains("pending")
        }
        let title = try tmux.display("#{pane_title}")
        #expect(title.hasPrefix("Vigil: 1 pending"), "\(title)")
        #expect(try tmux.display("#{window_bell_flag}") == "1", "the proposal should ring the bell")
        try tmux.quitVigil()
    }

    @Test func quietNeitherRingsNorRetitles() throws {
        let tmux = try Tmux(width: 120, height: 36)
        defer { tmux.kill() }
        try tmux.run(["set-option", "-g", "monitor-bell", "on"])
        let before = try tmux.display("#{pane_title}")
        try startDemo(tmux, state: temporaryDirectory("e2e-quiet"), options: "--quiet")
        try tmux.waitFor(60, "the proposal") { $0.contains(Self.proposalTitle) }
        #expect(try tmux.display("#{pane_title}") == before)
        #expect(try tmux.display("#{window_bell_flag}") == "0")
        try tmux.quitVigil()
    }
}
