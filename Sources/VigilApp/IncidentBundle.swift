import Foundation

/// A recorded incident: `fixtures/incidents/NAME/` with `metrics.jsonl`,
/// `vigil.yaml`, `flags.json`, `expect.yaml` and `README.md`.
public struct IncidentBundle: Sendable {
    public var name: String
    public var directory: String
    public var metrics: String { directory + "/metrics.jsonl" }
    public var policy: String { directory + "/vigil.yaml" }
    public var flags: String { directory + "/flags.json" }
    public var expectations: String { directory + "/expect.yaml" }

    /// Finds an incident by name or by path. A bare name is the bundled
    /// incident of that name when there is one, whatever the current
    /// directory holds: an incident's policy runs hooks, so a folder that
    /// happens to share its name must not stand in for it. Anything else is
    /// a folder, relative to `currentDirectory`.
    public static func locate(_ nameOrPath: String,
                              from currentDirectory: String = FileManager.default.currentDirectoryPath)
        throws -> IncidentBundle {
        if !nameOrPath.contains("/"), let b = try? bundled(nameOrPath) { return b }
        let path = nameOrPath.hasPrefix("/") ? nameOrPath : currentDirectory + "/" + nameOrPath
        if isIncident(path) { return at(path) }
        throw CLIError("no incident '\(nameOrPath)': give a folder holding metrics.jsonl, or one of: \(available().joined(separator: ", "))")
    }

    /// The incident bundled with Vigil under this name; never one from the
    /// current directory (`vigil demo` plays only this).
    public static func bundled(_ name: String) throws -> IncidentBundle {
        let path = bundledDirectory + "/" + name
        guard !name.contains("/"), !name.hasPrefix("."), isIncident(path) else {
            throw CLIError("no bundled incident '\(name)'; bundled: \(available().joined(separator: ", "))")
        }
        return at(path)
    }

    /// Incident names bundled with Vigil.
    public static func available() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: bundledDirectory)) ?? []).sorted()
    }

    static var bundledDirectory: String { sourceRoot + "/fixtures/incidents" }

    private static func isIncident(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
            && FileManager.default.fileExists(atPath: path + "/metrics.jsonl")
    }

    private static func at(_ path: String) -> IncidentBundle {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        return IncidentBundle(name: url.lastPathComponent, directory: url.path)
    }

    /// The package root, from this file's compile-time path.
    static let sourceRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
}
