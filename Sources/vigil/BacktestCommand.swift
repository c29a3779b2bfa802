import ArgumentParser
import Foundation
import VigilApp

struct Backtest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run recorded incidents through a policy without a screen and score the result.")

    @Argument(help: "Incident names or folders, or native .jsonl recordings.")
    var inputs: [String]

    @Option(help: "A policy file to use instead of each incident's own.")
    var config: String?

    @Flag(help: "Judge with the built-in default signals (docs/policy.md) instead of each incident's own; its flags stay.")
    var defaultSignals = false

    @Option(help: "How to print the report.")
    var format: OutputFormat = .text

    func run() throws {
        let results = try inputs.map { try Backtester.run($0, policyPath: config, defaultSignals: defaultSignals) }
        // JSON escapes every control itself (jsonQuoted); the scorecard is sanitized.
        if format == .json { print(BacktestReport.json(results)) } else { printText(BacktestReport.text(results)) }
        if !results.allSatisfy(\.passed) { throw ExitCode(1) }
    }
}
