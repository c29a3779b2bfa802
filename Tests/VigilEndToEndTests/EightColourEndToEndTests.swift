import Foundation
import Testing
import VigilTestSupport

/// On an 8-colour terminal (`TERM=screen`) nothing is drawn in black on
/// the terminal's background: the panel rules and separators used to be
/// a grey that 8 colours turn into black, invisible on a dark terminal.
@Suite(.serialized) struct EightColourEndToEndTests {
    @Test func rulesAndSeparatorsAreNeverBlackOnEightColours() throws {
        let tmux = try Tmux()
        defer { tmux.kill() }
        try startDemo(tmux, state: temporaryDirectory("e2e-eight-colours"), env: "env -u NO_COLOR TERM=screen")
        try tmux.waitFor(60, "the panels and the proposal") {
            $0.contains("Error rates") && $0.contains("shift canary traffic of support-agent.model to 0%")
        }
        let escaped = try tmux.capture(escapes: true)
        let colours = sgrColourParameters(escaped)
        #expect(!colours.isEmpty, "expected colour on an 8-colour terminal")
        #expect(!colours.contains("30"), "black text on the terminal's background: \(colours.sorted())")
        #expect(!colours.contains { $0.hasPrefix("38") }, "more than 8 colours used: \(colours.sorted())")
        try tmux.quitVigil()
    }
}
