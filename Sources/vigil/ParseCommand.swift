import ArgumentParser
import VigilApp
import VigilIngest

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a metrics file's samples as native JSON Lines; exit 1 at the first error.")

    @Option(help: "Input format.")
    var format: MetricFormat = .jsonl

    @Argument(help: "The file to parse (default: standard input).")
    var file: String?

    func run() throws {
        var output = NativeLinesOutput()
        let parsed = Result { try ParseCommandRunner.run(path: file, format: format) { output.write($0) } }
        // Every good line is out before the failure is reported.
        try output.finish()
        try parsed.get()
    }
}

extension MetricFormat: ExpressibleByArgument {}
