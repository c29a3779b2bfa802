import ArgumentParser
import Foundation
import VigilApp

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a policy file; report every problem with its line and column.")

    @Argument(help: "The policy file (default: ./vigil.yaml).")
    var config: String = "vigil.yaml"

    func run() throws {
        do {
            let c = try PolicyLoader.load(path: config)
            for w in c.warningLines(file: config) { printText(w) }
            printText("\(config): ok: \(c.policy.signals.count) signals, \(c.policy.flags.count) flags, \(c.hooks.count) hooks\(c.warnings.isEmpty ? "" : ", \(c.warnings.count) warnings")")
        } catch let e as PolicyErrors {
            printText(e.description)
            throw ExitCode(1)
        }
    }
}
