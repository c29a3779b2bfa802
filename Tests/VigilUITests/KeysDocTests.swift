import Foundation
import Testing
@testable import VigilUI

/// docs/keys.md is generated from `KeyMap`, the table the reducer and the
/// help screen use, so the document never drifts from what keys do.
@Suite struct KeysDocTests {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/keys.md")

    /// `VIGIL_UPDATE_GOLDENS=1` writes the generated document first; the
    /// comparison runs either way.
    @Test func keysDocumentIsGeneratedFromTheKeyMap() throws {
        let generated = KeysDocument.markdown()
        if ProcessInfo.processInfo.environment["VIGIL_UPDATE_GOLDENS"] == "1" {
            try generated.write(to: Self.url, atomically: true, encoding: .utf8)
        }
        let doc = try String(contentsOf: Self.url, encoding: .utf8)
        #expect(doc == generated, "docs/keys.md differs from KeyMap; regenerate with VIGIL_UPDATE_GOLDENS=1")
    }

    @Test func everyListedKeyDoesWhatItsRowSays() {
        for screen in KeyMap.screens {
            for b in KeyMap.bindings(for: screen) {
                for a in b.acts {
                    for key in a.keys + a.unlisted {
                        #expect(KeyMap.action(for: key, on: screen) == a.action,
                                "\(key) on \(KeyMap.title(of: screen)) does not do what \(b.keys) says")
                    }
                }
            }
        }
    }

    @Test func everyLineEditingKeyDoesWhatItsRowSays() {
        for b in KeyMap.lineEditing {
            for a in b.acts {
                for key in a.keys + a.unlisted {
                    #expect(KeyMap.lineEdit(for: key).map { KeyAction.edit($0) } == a.action, "\(b.keys)")
                }
            }
        }
    }

    @Test func noKeyHasTwoRowsOnOneScreen() {
        for screen in KeyMap.screens {
            let keys = KeyMap.bindings(for: screen).flatMap { $0.acts.flatMap { $0.keys + $0.unlisted } }
            #expect(Set(keys).count == keys.count, "a key is bound twice on \(KeyMap.title(of: screen))")
        }
    }

    @Test func everyRowNamesItsListedKeys() {
        for b in KeyMap.global + KeyMap.screenBindings + KeyMap.lineEditing {
            for key in b.acts.flatMap(\.keys) {
                #expect(b.keys.contains(key.name), "\(b.keys) does not name \(key.name)")
            }
        }
    }
}

/// The text of docs/keys.md.
enum KeysDocument {
    static func markdown() -> String {
        var md = """
            # Vigil keys

            Every key of the dashboard, per screen. The help screen (`?`) shows the
            same table for the screen you are on; `Tests/VigilUITests/KeysDocTests.swift`
            fails when this file and the table in `Sources/VigilUI/KeyMap.swift` disagree
            (regenerate with `VIGIL_UPDATE_GOLDENS=1 swift test --filter VigilUITests`).

            Safety rules that keys follow:

            - Every decision key (`y`, `n`, `s`, `:snooze`) is ignored within 0.5 s of the
              proposal appearing or of the screen changing under it: a new screen, a filter or
              command line just left (`/` search, Enter, then `n` out of less/vim habit does not
              reject), or the highlighted row becoming another proposal without you moving to
              it. Your own moves (↑/↓, 1–9) do not start the guard. Press the key again once
              you have read what is there.
            - Decision keys act on the highlighted proposal (on its details screen: that one).
            - A rejection can be undone with `u` for 5 s; the status line says so. The ledger
              keeps both: the rejection and an `undone` record that names it.
            - `s` snoozes for 10 minutes (`:snooze 30m` for another time): the proposal shows when
              it comes back, comes back by itself, and its auto-execution countdown and
              escalation are paused, not cancelled: they resume with the time they had left.
            - After a failed action, `y` tries it again (the ledger allows a retry under the same
              idempotency key only when every earlier attempt failed); on its details screen a
              number picks another response, and the ledger records which (`response`).
            - `:reason TEXT` explains your decision of the last 2 minutes (a `reason` record), or
              else goes with your next one.
            - With `--read-only`, `y`, `n`, `s` and `u` do nothing and the status bar says READ-ONLY.
            - The selection follows a proposal by id: new proposals never move it.
            - While typing after `/` or `:`, keys are text (`q` does not quit); Esc cancels.
            - While a confirmed action is still running (the status bar says ⚙ ACTION RUNNING),
              `q` and `:quit` ask first; a second `q` within 3 s quits anyway, which may leave the
              action's intent in the ledger without an outcome (the next start reports it).
              Ctrl-C (SIGINT) always ends at once and restores the terminal.
            - The UI only asks: confirm, reject and snooze become commands that the app
              records in the ledger before acting.


            """
        for screen in KeyMap.screens {
            md += "## \(KeyMap.title(of: screen))\n\n| Keys | Action |\n| --- | --- |\n"
            for b in KeyMap.bindings(for: screen) { md += "| `\(b.keys)` | \(b.help) |\n" }
            md += "\n"
        }
        md += "## Typing after `:` or `/`\n\nEvery other key is text.\n\n| Keys | Action |\n| --- | --- |\n"
        for b in KeyMap.lineEditing { md += "| `\(b.keys)` | \(b.help) |\n" }
        md += "\n"
        md += "## Mouse\n\nOn unless Vigil runs with `--no-mouse`.\n\n| Mouse | Action |\n| --- | --- |\n"
        for m in KeyMap.mouse { md += "| \(m.keys) | \(m.help) |\n" }
        md += "\n"
        md += "## Command line (`:`)\n\n| Command | Action |\n| --- | --- |\n"
        for c in VigilUI.CommandLine.commands {
            let argument = c.usage.split(separator: " ", maxSplits: 1).dropFirst().first.map { " " + $0 } ?? ""
            let names = c.listed.enumerated().map { i, verb in "`:\(verb)\(i == 0 ? argument : "")`" }
            md += "| \(names.joined(separator: ", ")) | \(c.help) |\n"
        }
        return md
    }
}
