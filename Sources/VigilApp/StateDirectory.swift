import Foundation
import VigilActions
import VigilCore
import VigilSystem

/// Where a replay keeps what it may change: a copy of the incident's flag
/// file and its own decision ledger. The fixture itself is never written.
///
/// A state directory is one replay's at a time (`StateLock` on its ledger).
/// One left by a finished run is continued: its ledger goes on (proposal
/// ids count on from it), and its flag file is kept when it still equals
/// the incident's. One whose flag file an earlier run changed is refused
/// unless the operator asks for the reset, which is then written to the
/// ledger first (docs/operations.md, "Restarts and the state directory").
public struct StateDirectory: Sendable {
    public var path: String
    public var flagFile: String { path + "/flags.json" }
    public var ledger: String { path + "/ledger.jsonl" }
    /// Held while the replay runs.
    var lock: StateLock?

    /// Creates `explicit`, or `.vigil-state/INCIDENT/YYYYMMDD-HHMMSS-PID`,
    /// takes its lock, and puts the incident's flag file in it (see above).
    public static func prepare(explicit: String?, incident: IncidentBundle, resetFlags: Bool = false,
                               operatorName: String = "unknown", at time: EventTime = EventTime(milliseconds: 0)) throws -> StateDirectory {
        let fm = FileManager.default
        let dir = explicit ?? defaultPath(incident: incident.name, wallMillis: WallClock.nowMillis(), pid: getpid())
        do {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                   attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIError("cannot create the state directory \(dir): \(error.localizedDescription); choose another with --state-dir")
        }
        var state = StateDirectory(path: URL(fileURLWithPath: dir).standardizedFileURL.path)
        state.lock = try Session.lock(ledger: state.ledger, purpose: "vigil replay \(incident.name)")
        guard fm.fileExists(atPath: incident.flags) else { return state }
        if fm.fileExists(atPath: state.flagFile) {
            guard fm.contents(atPath: state.flagFile) != fm.contents(atPath: incident.flags) else { return state }
            guard resetFlags else {
                throw CLIError("the state directory \(state.path) was used by an earlier replay, and its flags.json is no longer the incident's (that run's actions changed it). Replaying on it would start from the wrong flags; pass --reset-flags to put the incident's flag file back (written to its ledger first), or choose a new --state-dir")
            }
            do {
                try DecisionLedger(path: state.ledger, stamp: .eventTime).recordNote(
                    "flag_file_reset", detail: "\(state.flagFile) replaced by the incident's \(incident.flags) (--reset-flags)",
                    operatorName: operatorName, eventTime: time)
            } catch {
                throw CLIError("cannot record the flag-file reset in \(state.ledger): \(error); nothing was reset")
            }
            try? fm.removeItem(atPath: state.flagFile)
        }
        do { try fm.copyItem(atPath: incident.flags, toPath: state.flagFile) } catch {
            throw CLIError("cannot copy \(incident.flags) to \(state.flagFile): \(error.localizedDescription)")
        }
        return state
    }

    /// `.vigil-state/INCIDENT/YYYYMMDD-HHMMSS-PID`, the time in UTC from the
    /// project's wall clock: a new directory for every run, sorted by start.
    static func defaultPath(incident: String, wallMillis: Int64, pid: Int32) -> String {
        // "2026-02-14T10:00:00.000Z" → "20260214-100000"
        let iso = EventTime(milliseconds: wallMillis).iso8601.prefix(19)
        let stamp = String(iso.filter { $0 != "-" && $0 != ":" }.map { $0 == "T" ? "-" : $0 })
        return ".vigil-state/\(incident)/\(stamp)-\(pid)"
    }
}
