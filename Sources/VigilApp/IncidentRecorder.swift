import Dispatch
import Foundation
import VigilCore
import VigilIngest

/// Records a live session as an incident folder that replays identically:
/// every record in the order the engine applied it (`metrics.jsonl`), the
/// policy (`vigil.yaml`), the flag file as it was at the start
/// (`flags.json`), and stubs of `expect.yaml` and `README.md` to fill in.
public final class IncidentRecorder: @unchecked Sendable {
    private let queue = DispatchQueue(label: "vigil.recorder")
    private let handle: FileHandle
    public let directory: String

    public init(directory: String, policyFile: String, flagFile: String?) throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot create \(directory) for the recording: \(error.localizedDescription)")
        }
        self.directory = directory
        let metrics = directory + "/metrics.jsonl"
        guard !fm.fileExists(atPath: metrics) else {
            throw CLIError("\(metrics) exists already: record into a new folder")
        }
        guard fm.createFile(atPath: metrics, contents: nil), let h = FileHandle(forWritingAtPath: metrics) else {
            throw CLIError("cannot write \(metrics)")
        }
        handle = h
        try? fm.removeItem(atPath: directory + "/vigil.yaml")
        try fm.copyItem(atPath: policyFile, toPath: directory + "/vigil.yaml")
        if let flagFile, fm.fileExists(atPath: flagFile) {
            try? fm.removeItem(atPath: directory + "/flags.json")
            try fm.copyItem(atPath: flagFile, toPath: directory + "/flags.json")
        }
        let name = URL(fileURLWithPath: directory).lastPathComponent
        try "incident: \(name)\n# onset: \"2026-01-01T00:00:00.000Z\"   # when the problem began\nexpect: []\nnever: []\n"
            .write(toFile: directory + "/expect.yaml", atomically: true, encoding: .utf8)
        try "# \(name)\n\nRecorded by `vigil watch --record`. Describe the story, the onset and a good on-call response here.\n"
            .write(toFile: directory + "/README.md", atomically: true, encoding: .utf8)
    }

    /// Appends records in the order given (call from the engine's tap). They
    /// are encoded on the recorder's queue, not the engine's: recording must
    /// not slow the core down.
    public func write(_ records: [Record]) {
        queue.async { [handle] in
            let text = records.map { encodeNativeLine($0) + "\n" }.joined()
            handle.write(Data(text.utf8))
        }
    }

    public func close() {
        queue.sync { try? handle.synchronize(); try? handle.close() }
    }
}
