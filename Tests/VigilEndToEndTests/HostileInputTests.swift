import Foundation
import VigilTestSupport
import Testing

/// The real binary fed hostile files: it must answer with a clear error,
/// never a trap, and never pass a control code through to the terminal.
@Suite struct HostileInputTests {
    @Test func aHugeDurationIsAPolicyErrorNotACrash() throws {
        let dir = temporaryDirectory("huge-duration")
        let path = dir + "/vigil.yaml"
        try """
        escalate_after: 1e16
        signals:
          - name: e
            metric: errors.rate
            detector: {type: threshold, direction: higher_is_worse, value: 0.1, for: 200000000000d}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try vigil(["check", path])
        #expect(r.status == 1, "\(r.output)")
        #expect(r.output.contains("vigil.yaml:1:17: error: 'escalate_after' is too long"), "\(r.output)")
        #expect(r.output.contains("vigil.yaml:5:"), "\(r.output)")
    }

    @Test func aHugeOrNegativeReplaySpeedIsRefused() throws {
        let r = try vigil(["replay", "expired-return-policy", "--headless", "--speed=-1"])
        #expect(r.status != 0)
        #expect(r.output.contains("--speed must be a number"), "\(r.output)")
    }
}
