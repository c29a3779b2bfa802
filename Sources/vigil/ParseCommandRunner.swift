import Foundation
import VigilCore
import VigilIngest

enum ParseCommandRunner {
    /// Prints normalized samples as native JSON Lines; returns the first
    /// failure. Exposition samples with no timestamp take the current time
    /// (the CLI may read the clock; the core never does).
    static func run(data: Data, format: MetricFormat) -> ParseFailure? {
        let now = EventTime(seconds: Date().timeIntervalSince1970)
        return data.withUnsafeBytes { raw in
            normalize(input: raw, format: format, defaultTime: now) { line in
                print(line)
            }
        }
    }
}
