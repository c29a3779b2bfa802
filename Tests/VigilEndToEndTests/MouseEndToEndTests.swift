import Foundation
import VigilTestSupport
import Testing

/// The mouse through ncurses in a real terminal: tmux passes the bytes a
/// terminal sends for a click (X10 encoding, `ESC [ M b x y`) to Vigil.
@Suite(.serialized) struct MouseEndToEndTests {
    /// The bytes of a button press and release at a cell (0-based).
    func click(_ tmux: Tmux, x: Int, y: Int) throws {
        func hex(_ n: Int) -> String { String(n, radix: 16) }
        let at = [hex(33 + x), hex(33 + y)]
        try tmux.run(["send-keys", "-t", tmux.name, "-H", "1b", "5b", "4d", "20"] + at
                     + ["1b", "5b", "4d", "23"] + at)
    }

    @Test func aClickSelectsTheSignalUnderIt() throws {
        let tmux = try Tmux(width: 120, height: 36)
        defer { tmux.kill() }
        try startDemo(tmux, state: temporaryDirectory("e2e-mouse"))
        let screen = try tmux.waitFor(60, "the proposal") { $0.contains("▶ P1") }
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        let y = try #require(rows.firstIndex { $0.contains("judge-score [canary]") })
        try click(tmux, x: 5, y: y)
        try tmux.waitFor(10, "the click to select judge-score") { screen in
            screen.split(separator: "\n").contains { $0.hasPrefix("▶") && $0.contains("judge-score [canary]") }
        }
        try tmux.quitVigil()
    }
}
