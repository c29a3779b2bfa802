import Foundation
import Testing
import VigilUI

/// docs/keys.md must list every key the help screen lists, so the two
/// never drift apart.
@Suite struct KeysDocTests {
    @Test func keysDocumentListsEveryBinding() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/keys.md")
        let doc = try String(contentsOf: url, encoding: .utf8)
        let screens: [Screen] = [.overview, .proposal("P1"), .signal(SignalID(signal: "s", group: "g", scope: "all")),
                                 .ledger, .help]
        for screen in screens {
            #expect(doc.contains("## \(KeyHelp.title(of: screen))"), "no section for \(KeyHelp.title(of: screen))")
            for b in KeyHelp.bindings(for: screen) {
                #expect(doc.contains("| `\(b.keys)` | \(b.action) |"), "docs/keys.md lacks \(b.keys): \(b.action)")
            }
        }
    }
}

extension KeysDocTests {
    /// `VIGIL_UPDATE_GOLDENS=1` regenerates docs/keys.md from the key table.
    @Test func regenerateKeysDocumentOnRequest() throws {
        guard ProcessInfo.processInfo.environment["VIGIL_UPDATE_GOLDENS"] == "1" else { return }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/keys.md")
        var md = """
            # Vigil keys

            Every key of the dashboard, per screen. The help screen (`?`) shows the
            same table for the screen you are on; `Tests/VigilUITests/KeysDocTests.swift`
            fails when this file and the table in `Sources/VigilUI/KeyHelp.swift` disagree
            (regenerate with `VIGIL_UPDATE_GOLDENS=1 swift test --filter VigilUITests`).

            Safety rules that keys follow:

            - `y` (confirm) is ignored while the selected proposal has been on screen for
              less than 0.5 s, so a key meant for something else cannot confirm a proposal
              that has just appeared. Press it again once you have read the proposal.
            - With `--read-only`, `y`, `n` and `s` do nothing and the status bar says READ-ONLY.
            - The selection follows a proposal by id: new proposals never move it.
            - While typing after `/` or `:`, keys are text (`q` does not quit); Esc cancels.
            - While a confirmed action is still running (the status bar says ⚙ ACTION RUNNING),
              `q` and `:quit` ask first; a second `q` within 3 s quits anyway, which may leave the
              action's intent in the ledger without an outcome (the next start reports it).
              Ctrl-C (SIGINT) always ends at once and restores the terminal.
            - The UI only asks: confirm, reject and snooze become commands that the app
              records in the ledger before acting.


            """
        let screens: [Screen] = [.overview, .proposal("P1"), .signal(SignalID(signal: "s", group: "g", scope: "all")),
                                 .ledger, .help]
        for screen in screens {
            md += "## \(KeyHelp.title(of: screen))\n\n| Keys | Action |\n| --- | --- |\n"
            for b in KeyHelp.bindings(for: screen) { md += "| `\(b.keys)` | \(b.action) |\n" }
            md += "\n"
        }
        md += """
            ## Command line (`:`)

            | Command | Action |
            | --- | --- |
            | `:theme NAME` | switch theme (`dark`, `light`, `high-contrast`, `monochrome`, or a file in `$XDG_CONFIG_HOME/vigil/themes` or `themes/`) |
            | `:speed N` | set the replay speed (event seconds per second; `60`, `2.5x`) |
            | `:seek ±N[s/m/h]` | move the replay by event time (`:seek -5m`) |
            | `:pause` | pause or resume the replay |
            | `:filter TEXT` | set the filter (empty clears it) |
            | `:ledger` | open the ledger |
            | `:help` | open help |
            | `:quit`, `:q` | quit |

            """
        try md.write(to: url, atomically: true, encoding: .utf8)
    }
}
