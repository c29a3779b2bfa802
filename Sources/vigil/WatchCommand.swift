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

    @Flag(help: "No screen: print alerts, proposals, decisions and outcomes as JSON Lines.")
    var headless = false

    @Option(help: "Colour theme.")
    var theme: String?

    @Option(help: "Record the session as an incident folder that replays identically.")
    var record: String?

    @OptionGroup var decisions: DecisionOptions

    func run() throws {
        let session: LiveSession
        do {
            session = try LiveSession.open(configPath: config, fromStart: fromStart, readOnly: decisions.readOnly)
        } catch { fail("\(error)") }
        if let record {
            do { try session.record(into: record, policyFile: config) } catch { fail("\(error)") }
        }
        if headless {
            session.runHeadless()
        } else {
            runDashboard(live: session, decisions: decisions, theme: theme)
        }
    }
}
