#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import VigilCore

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

    /// Parses a flat `role: colour` file. `#` starts a comment (except in a
    /// colour value like `#ff8800`), quotes around values are optional, and
    /// `name:` sets the theme's name. Unknown roles and colours are errors.
    public static func parse(_ text: String, name: String, source: String = "theme") throws -> Theme {
        var colors: [ColorRole: ColorSpec] = [:]
        var themeName = name
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = stripComment(String(raw)).trimmedOfSpaces
            if line.isEmpty || line == "---" { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw ThemeError(message: "\(source):\(n + 1): expected 'role: colour'")
            }
            let key = line[..<colon].trimmedOfSpaces
            var value = line[line.index(after: colon)...].trimmedOfSpaces
            if value.count >= 2, let f = value.first, f == "\"" || f == "'", value.last == f {
                value = String(value.dropFirst().dropLast())
            }
            if key == "name" { themeName = value; continue }
            guard let role = ColorRole(rawValue: key) else {
                let roles = ColorRole.allCases.map(\.rawValue).joined(separator: ", ")
                throw ThemeError(message: "\(source):\(n + 1): unknown role '\(key)' (roles: \(roles))")
            }
            guard let spec = ColorSpec(parsing: value) else {
                throw ThemeError(message: "\(source):\(n + 1): '\(value)' is not a colour (a name, 0-255, #rrggbb or default)")
            }
            colors[role] = spec
        }
        return Theme(name: themeName, colors: colors)
    }

    /// Drops a `#` comment that starts the line or follows a space, so
    /// `bad: #ff0000 # red` keeps its colour.
    private static func stripComment(_ line: String) -> String {
        var previous: Character = " "
        var inQuote: Character?
        for (i, ch) in zip(line.indices, line) {
            if let q = inQuote { if ch == q { inQuote = nil } }
            else if ch == "\"" || ch == "'" { inQuote = ch }
            else if ch == "#" && (previous == " " || previous == "\t") {
                let rest = line[line.index(after: i)...]
                // A colour value: '#' followed by six hex digits and then nothing or a space.
                let hex = rest.prefix(6)
                let isColour = hex.count == 6 && hex.allSatisfy(\.isHexDigit)
                    && (rest.count == 6 || rest.dropFirst(6).first == " ")
                if !isColour { return String(line[..<i]) }
            }
            previous = ch
        }
        return line
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (no Foundation needed).
    fileprivate var trimmedOfSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
