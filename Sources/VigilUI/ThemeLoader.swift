#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import VigilCore
import Yams

/// Why a theme could not be loaded; the message names the file and line so a
/// typo in a theme is quick to fix.
public struct ThemeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension Theme {
    /// Where themes are looked for, first match wins: the user's
    /// `$XDG_CONFIG_HOME/vigil/themes` (or `~/.config/vigil/themes`), then
    /// `themes/` in the working directory.
    public static func defaultSearchPaths(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [String] {
        var paths: [String] = []
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            paths.append(xdg + "/vigil/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            paths.append(home + "/.config/vigil/themes")
        }
        paths.append("themes")
        return paths
    }

    /// Every theme `load(named:)` would find: the built-in ones, then the
    /// `NAME.yaml` files of the search paths whose names it accepts, sorted;
    /// what `:theme` completes to.
    public static func availableNames(searchPaths: [String] = Theme.defaultSearchPaths()) -> [String] {
        var names = builtIn.map(\.name)
        var found: [String] = []
        for dir in searchPaths {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for file in files where file.hasSuffix(".yaml") {
                let name = String(file.dropLast(5))
                if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
                    found.append(name)
                }
            }
        }
        for name in found.sorted() where !names.contains(name) { names.append(name) }
        return names
    }

    /// Loads `NAME.yaml` from the first search path that has it; falls back
    /// to a built-in theme of that name. Names are plain words so a name can
    /// never point outside the search paths.
    public static func load(named name: String,
                            searchPaths: [String] = Theme.defaultSearchPaths()) throws -> Theme {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw ThemeError(message: "theme name '\(TextSanitizer.clean(name))' must be letters, digits, - or _")
        }
        for dir in searchPaths {
            let path = dir + "/" + name + ".yaml"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw ThemeError(message: "\(path): cannot read: \(error)")
            }
            return try parse(String(decoding: data, as: UTF8.self), name: name, source: path)
        }
        if let builtIn = builtIn.first(where: { $0.name == name }) { return builtIn }
        let known = builtIn.map(\.name).joined(separator: ", ")
        throw ThemeError(message: "no theme '\(name)' in \(searchPaths.joined(separator: ", ")) (built in: \(known))")
    }

    /// Parses a theme: a YAML mapping of `role: colour`, with `name:` setting
    /// the theme's name. Unknown roles and colours are errors that name the
    /// file and line (`source:line:`).
    public static func parse(_ text: String, name: String, source: String = "theme") throws -> Theme {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let e as YamlError {
            throw ThemeError(message: "\(source):\(yamlLine(e)): \(yamlProblem(e))")
        }
        guard let root else { return Theme(name: name, colors: [:]) }
        guard let map = root.mapping else {
            throw ThemeError(message: "\(source):\(root.mark?.line ?? 1): expected 'role: colour'")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var colors: [ColorRole: ColorSpec] = [:]
        var themeName = name
        for (keyNode, valueNode) in map {
            let line = keyNode.mark?.line ?? 1
            guard let key = keyNode.scalar?.string else {
                throw ThemeError(message: "\(source):\(line): expected 'role: colour'")
            }
            guard var value = valueNode.scalar?.string else {
                throw ThemeError(message: "\(source):\(line): expected 'role: colour'")
            }
            if value.isEmpty, line <= lines.count, let hex = unquotedHexColour(in: lines[line - 1]) { value = hex }
            if key == "name" { themeName = value; continue }
            guard let role = ColorRole(rawValue: key) else {
                let roles = ColorRole.allCases.map(\.rawValue).joined(separator: ", ")
                throw ThemeError(message: "\(source):\(line): unknown role '\(key)' (roles: \(roles))")
            }
            guard let spec = ColorSpec(parsing: value) else {
                throw ThemeError(message: "\(source):\(line): '\(value)' is not a colour (a name, 0-255, #rrggbb or default)")
            }
            colors[role] = spec
        }
        return Theme(name: themeName, colors: colors)
    }

    /// YAML reads an unquoted `warn: #ffaf00` as an empty value and a comment.
    /// Theme files have always been allowed to write colours that way, so a
    /// line whose value is empty but whose text has ` #rrggbb` right after the
    /// colon takes that colour.
    private static func unquotedHexColour(in line: Substring) -> String? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let rest = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
        guard rest.first == "#" else { return nil }
        let hex = rest.dropFirst().prefix(6)
        let after = rest.dropFirst(7).first
        guard hex.count == 6, hex.allSatisfy(\.isHexDigit), after == nil || after == " " || after == "\t" || after == "\r"
        else { return nil }
        return "#" + hex
    }

    private static func yamlLine(_ e: YamlError) -> Int {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return 1
        }
    }

    private static func yamlProblem(_ e: YamlError) -> String {
        switch e {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return "YAML: \(problem)"
        default: return "YAML: \(e)"
        }
    }
}
