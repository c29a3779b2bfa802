import ArgumentParser
import Foundation
import VigilActions

struct Ledger: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or verify a decision ledger.",
        subcommands: [Show.self, Verify.self, Unresolved.self, Resolve.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a ledger readably.")
        @Argument(help: "The ledger file.") var file: String
        @Option(help: "text or json") var format: String = "text"
        func run() throws {
            try LedgerCommandRunner.show(path: file, json: format == "json")
        }
    }

    struct Unresolved: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List confirmed actions whose outcome is unknown (the process died between intent and outcome).")
        @Argument(help: "The ledger file.") var file: String
        func run() throws { try LedgerCommandRunner.unresolved(path: file) }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the outcome of an action you checked by hand after a crash; the action is not re-run.")
        @Argument(help: "The ledger file.") var file: String
        @Argument(help: "The intent's record id, as `vigil ledger unresolved` lists it (e.g. L000003).") var intent: String
        @Option(help: "What you found: succeeded or failed.") var outcome: String
        @Option(help: "What you checked, for the record.") var note: String = ""
        @OptionGroup var decisions: DecisionOptions
        func run() throws {
            guard outcome == "succeeded" || outcome == "failed" else { fail("--outcome must be succeeded or failed") }
            try LedgerCommandRunner.resolve(path: file, intent: intent, succeeded: outcome == "succeeded",
                                            note: note, operatorName: decisions.operatorName)
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
            var head: LedgerHead?
            if let expectHead {
                guard let h = LedgerHead(expectHead) else { fail("--expect-head must be SEQ:HASH, e.g. 7:<64 hex digits>") }
                head = h
            }
            try LedgerCommandRunner.verify(path: file, expectedHead: head)
        }
    }
}
