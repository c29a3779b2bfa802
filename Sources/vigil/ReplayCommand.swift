import ArgumentParser
import Foundation
import VigilApp
import VigilUI

/// How a session is shown: the dashboard (with a theme) or a headless stream.
struct ScreenOptions: ParsableArguments {
    @Flag(help: "No screen: print alerts, proposals, decisions and outcomes as JSON Lines.")
    var headless = false

    @Option(help: "Colour theme: dark, light, high-contrast, monochrome, a theme name from the theme folders, or a theme file's path.")
    var theme: ThemeChoice?

    @Flag(inversion: .prefixedNo,
          help: "Ring the terminal bell when a proposal appears or escalates, or an action fails (default: on).")
    var bell: Bool?

    @Flag(inversion: .prefixedNo,
          help: "Put the state in the window title, e.g. 'Vigil: 1 pending · 2 failing' (tmux shows it as the pane title; default: on).")
    var title: Bool?

    @Flag(help: "No bell and no window title (an explicit --bell or --title still wins).")
    var quiet = false

    @Flag(inversion: .prefixedNo, help: "Mouse: a click selects a proposal or signal, the wheel scrolls (default: on).")
    var mouse: Bool?

    /// Bell and title: an explicit flag, else off under --quiet, else the
    /// policy's `bell:` / `title:`, else on.
    func attention(_ config: VigilConfig) -> AttentionSettings {
        AttentionSettings(bell: VigilConfig.choose(flag: bell, quiet: quiet, policy: config.bell),
                          title: VigilConfig.choose(flag: title, quiet: quiet, policy: config.title))
    }

    /// `--mouse`/`--no-mouse`, else the policy's `mouse:`, else on.
    func mouse(_ config: VigilConfig) -> Bool { VigilConfig.choose(flag: mouse, policy: config.mouse) }
}

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a recorded incident through the same pipeline and core as live.")

    @Argument(help: "An incident name (see fixtures/incidents) or a folder holding metrics.jsonl.")
    var incident: String

    @Option(help: "Event-time speed: 60 plays an hour in a minute; 0 means as fast as possible.")
    var speed: Double = 60

    @Flag(help: "Start paused (Space resumes).")
    var paused = false

    @Option(help: "Where the replay keeps its flag-file copy and ledger.")
    var stateDir: String?

    @Option(help: "Write a Markdown post-mortem timeline to this file when the replay ends.")
    var exportTimeline: String?

    @Flag(help: "On a --state-dir an earlier replay changed, put the incident's flag file back (recorded in its ledger).")
    var resetFlags = false

    @Option(help: "The ledger of the watch session that recorded this folder: replay its decisions instead of deciding (with --headless; for its post-mortem).")
    var ledger: String?

    @OptionGroup var screen: ScreenOptions
    @OptionGroup var decisions: DecisionOptions

    func validate() throws {
        try validateSpeed(speed)
        if ledger != nil && !screen.headless {
            throw ValidationError("--ledger replays a live session's decisions headless: add --headless")
        }
    }

    func run() throws {
        try play(incident, speed: speed, paused: paused, stateDir: stateDir, exportTimeline: exportTimeline,
                 ledger: ledger, screen: screen, decisions: decisions, resetFlags: resetFlags)
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay the bundled incident 'expired-return-policy' in the dashboard.")

    @Option(help: "Event-time speed of the replay.")
    var speed: Double = 60

    @Option(help: "Where the replay keeps its flag-file copy and ledger.")
    var stateDir: String?

    @OptionGroup var screen: ScreenOptions
    @OptionGroup var decisions: DecisionOptions

    func validate() throws { try validateSpeed(speed) }

    func run() throws {
        // The bundled incident only, by its full path: never a policy (or
        // its hooks) from the current directory.
        try play(IncidentBundle.bundled("expired-return-policy").directory, speed: speed, paused: false, stateDir: stateDir, exportTimeline: nil,
                 ledger: nil, screen: screen, decisions: decisions)
    }
}

/// A speed is a finite non-negative number (0: as fast as possible); NaN or
/// a negative speed would leave the replay stuck at its first record.
private func validateSpeed(_ speed: Double) throws {
    guard speed.isFinite, speed >= 0 else { throw ValidationError("--speed must be a number ≥ 0 (0: as fast as possible)") }
}

/// Opens a replay and shows it; headless at the default speed runs flat out.
private func play(_ incident: String, speed: Double, paused: Bool, stateDir: String?, exportTimeline: String?,
                  ledger: String?, screen: ScreenOptions, decisions: DecisionOptions, resetFlags: Bool = false) throws {
    let session = try Session.replay(incident: incident, stateDir: stateDir,
                                     speed: screen.headless && speed == 60 ? 0 : speed, paused: paused,
                                     readOnly: decisions.readOnly, operatorName: decisions.operatorName,
                                     resetFlags: resetFlags, decisions: ledger)
    for w in session.policyWarnings { StandardOutput.diagnostic(w) }
    if screen.headless {
        session.runHeadless()
    } else {
        try runDashboard(session, screen)
        if let state = session.stateDirectory {
            StandardOutput.error("replay state (flag file, ledger) in \(state.path)")
        }
    }
    if let n = session.unmatchedLedgerRecords, n > 0 {
        StandardOutput.error("\(n) ledger record(s) matched no proposal of this replay: is it the recording of that watch session, with the same policy?")
    }
    if let exportTimeline { try session.exportTimeline(to: exportTimeline) }
}
