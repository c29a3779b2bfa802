import Foundation

/// Where a replay keeps what it may change: a copy of the incident's flag
/// file and its own decision ledger. The fixture itself is never written.
public struct StateDirectory: Sendable {
    public var path: String
    public var flagFile: String { path + "/flags.json" }
    public var ledger: String { path + "/ledger.jsonl" }

    /// Creates `explicit`, or `.vigil-state/INCIDENT/YYYYMMDD-HHMMSS-PID`, and copies
    /// the incident's flag file into it (replacing an older copy).
    public static func prepare(explicit: String?, incident: IncidentBundle) throws -> StateDirectory {
        let fm = FileManager.default
        let dir: String
        if let explicit { dir = explicit } else {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = "yyyyMMdd-HHmmss"
            dir = ".vigil-state/\(incident.name)/\(f.string(from: Date()))-\(getpid())"
        }
        do {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                   attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIError("cannot create the state directory \(dir): \(error.localizedDescription); choose another with --state-dir")
        }
        let state = StateDirectory(path: URL(fileURLWithPath: dir).standardizedFileURL.path)
        if fm.fileExists(atPath: incident.flags) {
            if fm.fileExists(atPath: state.flagFile) { try? fm.removeItem(atPath: state.flagFile) }
            do { try fm.copyItem(atPath: incident.flags, toPath: state.flagFile) } catch {
                throw CLIError("cannot copy \(incident.flags) to \(state.flagFile): \(error.localizedDescription)")
            }
        }
        return state
    }
}
