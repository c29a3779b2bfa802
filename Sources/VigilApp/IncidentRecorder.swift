import Dispatch
import Foundation
import Glibc
import VigilCore
import VigilIngest

/// Records a live session as an incident folder that replays identically:
/// every record in the order the engine applied it (`metrics.jsonl`), the
/// policy (`vigil.yaml`), the flag file as it was at the start
/// (`flags.json`), and stubs of `expect.yaml` and `README.md` to fill in.
///
/// A write that fails (a full disk) stops the recording: the file is cut
/// back to its last whole line, so it still replays, and `notice` says how
/// many records it holds. Writing on with a hole in the middle would make a
/// recording that replays differently from what happened.
public final class IncidentRecorder: @unchecked Sendable {
    /// Appends bytes to a file descriptor; a seam so tests can fill the disk.
    public typealias Write = @Sendable (_ fd: Int32, _ bytes: [UInt8]) throws -> Void

    private let queue = DispatchQueue(label: "vigil.recorder")
    private let fd: Int32
    private let writeBytes: Write
    private let notice: @Sendable (String) -> Void
    // Touched only on `queue`.
    private var written: Int64 = 0
    private var recorded = 0
    private var failed = false
    public let directory: String

    public init(directory: String, policyFile: String, flagFile: String?, write: @escaping Write = IncidentRecorder.writeAll,
                notice: @escaping @Sendable (String) -> Void = { _ in }) throws {
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
        let opened = open(metrics, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw CLIError("cannot write \(metrics): \(String(cString: strerror(errno)))") }
        fd = opened
        writeBytes = write
        self.notice = notice
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
        queue.async { [self] in
            guard !failed, !records.isEmpty else { return }
            var bytes: [UInt8] = []
            for r in records { appendNativeLine(r, to: &bytes); bytes.append(UInt8(ascii: "\n")) }
            do {
                try writeBytes(fd, bytes)
                written += Int64(bytes.count)
                recorded += records.count
            } catch {
                failed = true
                // A partial write leaves half a line: cut back to the last whole one.
                _ = ftruncate(fd, off_t(written))
                notice("recording stopped: \(error); \(directory)/metrics.jsonl keeps the first \(recorded) records and replays")
            }
        }
    }

    public func close() {
        queue.sync { _ = fsync(fd); _ = Glibc.close(fd) }
    }

    /// Writes all of `bytes`, retrying short writes and EINTR.
    public static let writeAll: Write = { fd, bytes in
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CLIError("write failed: \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }
}
