import ArgumentParser
import Foundation
import VigilApp

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch live metric files with a policy and propose actions.")

    @Option(help: "The policy and sources file.")
    var config: String = "vigil.yaml"

    @Flag(help: "Read files from their start instead of their end.")
    var fromStart = false

    @Option(help: "Record the session as an incident folder that replays identically.")
    var record: String?

    @Option(help: "Write a Markdown post-mortem timeline of the session to this file when it ends.")
    var exportTimeline: String?

    @OptionGroup var screen: ScreenOptions
    @OptionGroup var decisions: DecisionOptions

    func run() throws {
        let session = try Session.watch(configPath: config, fromStart: fromStart, readOnly: decisions.readOnly,
                                        operatorName: decisions.operatorName)
        for w in session.policyWarnings { StandardOutput.diagnostic(w) }
        if let record { try session.record(into: record, policyFile: config) }
        if screen.headless {
            session.runHeadless()
        } else {
            try runDashboard(session, screen)
        }
        if let exportTimeline { try session.exportTimeline(to: exportTimeline) }
    }
}
