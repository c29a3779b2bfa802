import Foundation
import VigilCore
import VigilIngest

/// What `vigil parse` does: a metrics file's samples as native JSON Lines.
public enum ParseCommandRunner {
    /// Hands each normalized sample to `emit` as a native JSON line; throws
    /// at the first failure, naming `source`. Exposition samples with no
    /// timestamp take the current time (the app may read the clock; the
    /// core never does).
    public static func run(data: Data, format: MetricFormat, source: String,
                           emit: (String) -> Void) throws {
        let now = EventTime(seconds: Date().timeIntervalSince1970)
        let failure = data.withUnsafeBytes { raw in
            normalize(input: raw, format: format, defaultTime: now, output: emit)
        }
        if let failure { throw CLIError("\(source): \(failure)") }
    }
}
