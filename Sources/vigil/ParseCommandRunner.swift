import Foundation
import VigilIngest

enum ParseCommandRunner {
    /// Prints normalized samples; returns the first failure.
    static func run(data: Data, format: MetricFormat) -> ParseFailure? {
        unfinished("vigil parse")
    }
}
