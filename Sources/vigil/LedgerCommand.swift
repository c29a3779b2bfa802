import ArgumentParser
import Foundation
import VigilApp

struct Ledger: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or verify a decision ledger.",
        subcommands: [Show.self, Verify.self, Unresolved.self, Resolve.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a ledger readably.")
        @Argument(help: "The ledger file.") var file: String
        @Option(help: "How to print the ledger.") var format: OutputFormat = .text
        func run() throws {
            // JSON escapes every control itself; the readable form is sanitized.
            let text = try LedgerCommandRunner.show(path: file, json: format == .json)
            if format == .json { print(text, terminator: "") } else { printText(text, terminator: "") }
        }
    }

    struct Unresolved: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List confirmed actions whose outcome is unknown (the process died between intent and outcome), and actions done but never judged.")
        @Argument(help: "The ledger file.") var file: String
        func run() throws { printText(try LedgerCommandRunner.unresolved(path: file), terminator: "") }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the outcome of an action you checked by hand after a crash; the action is not re-run.")
        @Argument(help: "The ledger file.") var file: String
        @Argument(help: "The intent's record id, as `vigil ledger unresolved` lists it (e.g. L000003).") var intent: String
        @Option(help: "What you found.") var outcome: CheckedOutcome
        @Option(help: "What you checked, for the record.") var note: String = ""
        @OptionGroup var decisions: DecisionOptions
        func run() throws {
            printText(try LedgerCommandRunner.resolve(path: file, intent: intent, succeeded: outcome == .succeeded,
                                                      note: note, operatorName: decisions.operatorName),
                      terminator: "")
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the SHA-256 chain and that the end was not cut; report the first broken record.")
        @Argument(help: "The ledger file.") var file: String
        @Option(help: ArgumentHelp("A head kept elsewhere (a hook payload's ledger_head, a ticket): the ledger must still reach it.",
                                   valueName: "SEQ:HASH"))
        var expectHead: String?
        func run() throws {
            let (report, intact) = try LedgerCommandRunner.verify(path: file, expectedHead: expectHead)
            printText(report, terminator: "")
            if !intact { throw ExitCode(1) }
        }
    }
}

/// What a person found when checking an action by hand.
enum CheckedOutcome: String, ExpressibleByArgument, CaseIterable {
    case succeeded, failed
}
