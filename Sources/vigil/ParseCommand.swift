import ArgumentParser
import Foundation
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
        let data: Data
        if let file {
            guard let d = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
            data = d
        } else {
            data = FileHandle.standardInput.readDataToEndOfFile()
        }
        try ParseCommandRunner.run(data: data, format: format, source: file ?? "stdin") { print($0) }
    }
}

extension MetricFormat: ExpressibleByArgument {}
