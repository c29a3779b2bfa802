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

    /// Finds an incident by path or by name. Names are looked up under
    /// `./fixtures/incidents/` and then under the source tree's fixtures, so
    /// `swift run vigil demo` works from any directory of a checkout.
    public static func locate(_ nameOrPath: String) throws -> IncidentBundle {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        var candidates = [nameOrPath, "fixtures/incidents/\(nameOrPath)"]
        candidates.append(sourceRoot + "/fixtures/incidents/\(nameOrPath)")
        for c in candidates where fm.fileExists(atPath: c, isDirectory: &isDir) && isDir.boolValue {
            guard fm.fileExists(atPath: c + "/metrics.jsonl") else { continue }
            let url = URL(fileURLWithPath: c).standardizedFileURL
            return IncidentBundle(name: url.lastPathComponent, directory: url.path)
        }
        throw CLIError("no incident '\(nameOrPath)': give a folder holding metrics.jsonl, or one of: \(available().joined(separator: ", "))")
    }

    /// Incident names bundled with this checkout.
    public static func available() -> [String] {
        let dir = FileManager.default.fileExists(atPath: "fixtures/incidents") ? "fixtures/incidents"
            : sourceRoot + "/fixtures/incidents"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    /// The package root, from this file's compile-time path.
    static let sourceRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
}
