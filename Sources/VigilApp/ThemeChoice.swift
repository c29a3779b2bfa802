import Foundation
import VigilCore
import VigilUI

/// A colour theme as `--theme` or the policy's `theme:` gives it: a name
/// (built in, or `NAME.yaml` in the theme search paths) or a theme file's path.
public enum ThemeChoice: Sendable, Hashable {
    case named(String)
    case file(String)

    /// A path (it has a `/` or ends in `.yaml`) or a plain-word name; nil otherwise.
    public init?(_ text: String) {
        if text.contains("/") || text.hasSuffix(".yaml") || text.hasSuffix(".yml") {
            self = .file(text)
        } else if !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
            self = .named(text)
        } else {
            return nil
        }
    }

    public func load(searchPaths: [String] = Theme.defaultSearchPaths()) throws -> Theme {
        switch self {
        case .named(let name):
            return try Theme.load(named: name, searchPaths: searchPaths)
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError("\(TextSanitizer.clean(path)): cannot read the theme file")
            }
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            return try Theme.parse(String(decoding: data, as: UTF8.self), name: name, source: path)
        }
    }

    /// The theme a session shows: `--theme`, else the policy's `theme:`, else dark.
    public static func resolve(_ choice: ThemeChoice?, policyTheme: String?) throws -> Theme {
        if let choice { return try choice.load() }
        // A bad name in the policy is reported by the loader, in its words.
        if let text = policyTheme { return try (ThemeChoice(text) ?? .named(text)).load() }
        return .dark
    }
}
