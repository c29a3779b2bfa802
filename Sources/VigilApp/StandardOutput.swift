import Foundation
import VigilCore

/// Flushes stdout so a line reaches a reading pipe at once (the headless
/// stream is consumed by scripts and by the reaction-latency benchmark).
public enum StandardOutput {
    public static func flush() {
        // `stdout` is a C global Swift 6 treats as unsafe; flushing all streams avoids naming it.
        fflush(nil)
    }

    /// A progress line on stderr (`vigil record`), sanitized: it carries
    /// what a server said.
    public static func progress(_ message: String) {
        FileHandle.standardError.write(Data((TextSanitizer.cleanLines(message) + "\n").utf8))
    }

    /// A `vigil: ` line on stderr, sanitized (it carries paths and labels).
    public static func error(_ message: String) {
        FileHandle.standardError.write(Data(("vigil: " + TextSanitizer.cleanLines(message) + "\n").utf8))
    }

    /// A line on stderr that names its own place (`FILE:LINE:COL: warning: …`,
    /// as `vigil check` prints it), sanitized, without the `vigil: ` prefix.
    public static func diagnostic(_ message: String) {
        FileHandle.standardError.write(Data((TextSanitizer.cleanLines(message) + "\n").utf8))
    }
}
