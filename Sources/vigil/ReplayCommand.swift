import ArgumentParser
import Foundation
import VigilApp

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

    @Flag(help: "No screen: print alerts, proposals, decisions and outcomes as JSON Lines.")
    var headless = false

    @Option(help: "Colour theme (dark, light, high-contrast, monochrome, or a file name).")
    var theme: String?

    @Option(help: "Write a Markdown post-mortem timeline to this file when the replay ends.")
    var exportTimeline: String?

    @OptionGroup var decisions: DecisionOptions

    func run() throws {
        let session: ReplaySession
        do {
            session = try ReplaySession.open(incident: incident, stateDir: stateDir,
                                             speed: headless && speed == 60 ? 0 : speed, paused: paused,
                                             readOnly: decisions.readOnly)
        } catch { fail("\(error)") }
        if headless {
            session.runHeadless()
        } else {
            runDashboard(session: session, decisions: decisions, theme: theme)
        }
        if let exportTimeline {
            do { try session.exportTimeline(to: exportTimeline) } catch { fail("\(error)") }
        }
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay the bundled incident 'expired-return-policy' in the dashboard.")

    @Option(help: "Event-time speed of the replay.")
    var speed: Double = 60

    @Option(help: "Where the replay keeps its flag-file copy and ledger.")
    var stateDir: String?

    @Option(help: "Colour theme.")
    var theme: String?

    @Flag(help: "No screen: print the event stream as JSON Lines.")
    var headless = false

    @OptionGroup var decisions: DecisionOptions

    func run() throws {
        var args = ["expired-return-policy", "--speed", String(speed)]
        if let stateDir { args += ["--state-dir", stateDir] }
        if let theme { args += ["--theme", theme] }
        if headless { args.append("--headless") }
        if let o = decisions.operator { args += ["--operator", o] }
        if decisions.readOnly { args.append("--read-only") }
        var replay = try Replay.parse(args)
        try replay.run()
    }
}
