import Foundation
import VigilCore
import VigilIngest
import VigilSystem

/// What `vigil parse` does: a metrics file's samples as native JSON Lines.
public enum ParseCommandRunner {
    /// Hands each normalized record of `path` (standard input when nil) to
    /// `emit`, which writes it as a native JSON line, then throws the first
    /// failure, if any. Exposition samples with no timestamp take the time
    /// `wallClock` gives (the project's wall clock; the app may read it, the
    /// core never does).
    public static func run(path: String?, format: MetricFormat,
                           wallClock: () -> Int64 = { WallClock.nowMillis() },
                           emit: (Record) -> Void) throws {
        let now = EventTime(milliseconds: wallClock())
        if let path {
            // Streamed, as a watch reads it: memory bounded by a chunk and a
            // line (and an exposition's family), not the file.
            let failure: ParseFailure?
            do { failure = try normalizedRecords(path: path, format: format, defaultTime: now, each: emit) } catch {
                throw CLIError("cannot read \(path)")
            }
            if let failure { throw CLIError("\(path): \(failure)") }
            return
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let failure = data.withUnsafeBytes { raw in
            normalizedRecords(input: raw, format: format, defaultTime: now, each: emit)
        }
        if let failure { throw CLIError("stdin: \(failure)") }
    }
}
