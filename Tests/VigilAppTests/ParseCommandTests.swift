import Testing
@testable import VigilApp
import VigilIngest
import VigilTestSupport

/// `vigil parse`: a sample with no timestamp takes the time the wall clock
/// it is given says, not one read behind its back.
@Suite struct ParseCommandTests {
    @Test func aSampleWithoutATimestampTakesTheWallClocksTime() throws {
        let dir = temporaryDirectory("parse-clock")
        let file = dir + "/metrics.prom"
        try "# TYPE up gauge\nup{job=\"a\"} 1\n".write(toFile: file, atomically: true, encoding: .utf8)
        var lines: [String] = []
        try ParseCommandRunner.run(path: file, format: .prometheus, wallClock: { 1_771_063_200_250 }) {
            lines.append(encodeNativeLine($0))
        }
        #expect(lines.count == 1)
        #expect(lines.first?.contains("2026-02-14T10:00:00.250Z") == true, "\(lines)")
    }
}
