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

    @Option(help: "text or json")
    var format: String = "text"

    func run() throws {
        unfinished("vigil backtest")
    }
}
