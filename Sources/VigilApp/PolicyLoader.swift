import Foundation
import VigilCore
import VigilPrometheus
import Yams

/// Reads `vigil.yaml` into a `VigilConfig`, collecting every problem with its
/// line and column instead of stopping at the first (so `vigil check` can
/// list them all).
public enum PolicyLoader {
    public static func load(path: String) throws -> VigilConfig {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw PolicyErrors(file: path, problems: [PolicyProblem(
                line: 0, column: 0, message: "cannot read the file (does it exist and is it UTF-8?)")])
        }
        let base = (path as NSString).deletingLastPathComponent
        var config = try parse(text, file: path, directory: base.isEmpty ? "." : base)
        config.directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        // A program named by a relative path is the policy folder's too (PATH
        // is searched only for a bare name).
        let inFolder: ([String]) -> [String] = { argv in
            guard let program = argv.first, program.contains("/") else { return argv }
            return [resolve(program, against: base)] + argv.dropFirst()
        }
        config.hooks = config.hooks.mapValues(inFolder)
        config.namedHooks = config.namedHooks.mapValues(inFolder)
        config.flagFile = config.flagFile.map { resolve($0, against: base) }
        config.ledger = config.ledger.map { resolve($0, against: base) }
        config.sources = config.sources.map {
            var s = $0
            s.path = resolve($0.path, against: base)
            return s
        }
        config.prometheus = config.prometheus.map { $0.resolvingFiles { resolve($0, against: base) } }
        return config
    }

    /// Parses policy text. Throws `PolicyErrors` listing every error found.
    /// With `directory` (the policy file's folder), the flag file it names
    /// is read and the flags' variants checked against it.
    public static func parse(_ text: String, file: String = "vigil.yaml", directory: String? = nil) throws -> VigilConfig {
        var reader = NodeReader()
        reader.directory = directory
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw PolicyErrors(file: file, problems: [PolicyProblem(line: 1, column: 1, message: "the file is empty")])
            }
            root = node
        } catch let e as PolicyErrors {
            throw e
        } catch let e as YamlError {
            throw PolicyErrors(file: file, problems: [yamlProblem(e)])
        }
        let config = reader.config(root)
        let errors = reader.problems.filter { $0.severity == .error }
        if !errors.isEmpty || config == nil {
            throw PolicyErrors(file: file, problems: reader.problems)
        }
        guard var c = config else { throw PolicyErrors(file: file, problems: reader.problems) }
        c.warnings = reader.problems
        return c
    }

    private static func resolve(_ p: String, against base: String) -> String {
        if p.hasPrefix("/") || base.isEmpty { return p }
        return (base as NSString).appendingPathComponent(p)
    }

    private static func yamlProblem(_ e: YamlError) -> PolicyProblem {
        switch e {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return PolicyProblem(line: mark.line, column: mark.column, message: "YAML: \(problem)")
        default:
            return PolicyProblem(line: 1, column: 1, message: "YAML: \(e)")
        }
    }
}
