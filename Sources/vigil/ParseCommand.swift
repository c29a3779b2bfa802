import ArgumentParser
import Foundation
import VigilIngest

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a metrics file's samples as native JSON Lines; exit 1 at the first error.")

    @Option(help: "Input format: jsonl, prometheus, openmetrics or otlp.")
    var format: String = "jsonl"

    @Argument(help: "The file to parse (default: standard input).")
    var file: String?

    func run() throws {
        guard let f = MetricFormat(rawValue: format) else {
            fail("unknown format '\(format)'; use jsonl, prometheus, openmetrics or otlp")
        }
        let data: Data
        if let file {
            guard let d = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
            data = d
        } else {
            data = FileHandle.standardInput.readDataToEndOfFile()
        }
        let failure = ParseCommandRunner.run(data: data, format: f)
        if let failure {
            fail("\(file ?? "stdin"): \(failure)")
        }
    }
}
