import ArgumentParser
import Foundation
import VigilActions

struct Ledger: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or verify a decision ledger.",
        subcommands: [Show.self, Verify.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a ledger readably.")
        @Argument(help: "The ledger file.") var file: String
        @Option(help: "text or json") var format: String = "text"
        func run() throws {
            try LedgerCommandRunner.show(path: file, json: format == "json")
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the SHA-256 chain; report the first broken record.")
        @Argument(help: "The ledger file.") var file: String
        func run() throws {
            try LedgerCommandRunner.verify(path: file)
        }
    }
}
