import ArgumentParser
import Foundation
import VigilApp

@main
struct Vigil: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Governance dashboard for AI model, prompt and agent rollouts.",
        discussion: """
        Vigil watches output quality, behavioral signals, drift and infrastructure, proposes \
        graduated responses with their evidence, and records every decision. Start with \
        `vigil demo`.
        """,
        version: "0.1.0",
        subcommands: [Demo.self, Watch.self, Replay.self, Backtest.self, Parse.self, RecordRange.self, Check.self, Ledger.self]
    )

    /// The only place the process exits. Usage errors (and help, and the
    /// parser's own exits) get the parser's treatment; any other error from
    /// running a command is printed as `vigil: …`, a message that tells the
    /// user what to do, with status 1.
    static func main() {
        var command: ParsableCommand
        do { command = try parseAsRoot() } catch { exit(withError: error) }
        do {
            try command.run()
        } catch let e as ExitCode {
            exit(withError: e)
        } catch where exitCode(for: error) != .failure {
            // The parser's own: help (a subcommand's `--help` runs a help
            // command), clean exits and validation errors.
            exit(withError: error)
        } catch {
            StandardOutput.error("\(error)")
            exit(withError: ExitCode.failure)
        }
    }
}

/// Options shared by every command that can make decisions.
struct DecisionOptions: ParsableArguments {
    @Option(help: "Name recorded in the ledger with each decision (default: $USER, else your account name).")
    var `operator`: String?

    @Flag(help: "Show everything, decide nothing: every action key is disabled.")
    var readOnly = false

    var operatorName: String { OperatorName.resolve(explicit: `operator`) }
}

/// How a report is printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension ThemeChoice: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}
