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
        subcommands: [Demo.self, Watch.self, Replay.self, Backtest.self, Parse.self, Check.self, Ledger.self]
    )
}

/// Options shared by every command that can make decisions.
struct DecisionOptions: ParsableArguments {
    @Option(help: "Name recorded in the ledger with each decision (default: your login name).")
    var `operator`: String?

    @Flag(help: "Show everything, decide nothing: every action key is disabled.")
    var readOnly = false

    var operatorName: String {
        if let o = `operator`, !o.isEmpty { return o }
        if let u = ProcessInfo.processInfo.environment["USER"], !u.isEmpty { return u }
        if let l = getlogin() { return String(cString: l) }
        return "unknown"
    }
}

/// Prints an error that tells the user what to do, and exits 1.
func fail(_ message: String) -> Never {
    StandardOutput.error(message)
    Foundation.exit(1)
}
