import Foundation
import Testing
@testable import VigilApp
import VigilCore
import VigilTestSupport
import VigilSystem


/// Runs an incident headless at full speed and returns the printed lines.
func headlessLines(_ incident: String) throws -> [String] {
    let session = try Session.replay(incident: packageRoot + "/fixtures/incidents/" + incident,
                                         stateDir: temporaryDirectory("replay"), speed: 0, paused: false)
    let sink = LineSink()
    session.runHeadless { sink.append($0) }
    return sink.lines
}

final class LineSink: @unchecked Sendable {
    private let lock = Lock()
    private var storage: [String] = []
    func append(_ s: String) { lock.withLock { storage.append(s) } }
    var lines: [String] { lock.withLock { storage } }
}

@Suite struct ReplayTests {
    @Test func demoIncidentProposesShiftingTheCanaryWithinFifteenMinutes() throws {
        let lines = try headlessLines("expired-return-policy")
        let proposals = lines.filter { $0.contains("\"type\":\"proposal\"") }
        let first = try #require(proposals.first)
        #expect(first.contains("\"kind\":\"traffic_shift\""))
        #expect(first.contains("\"target\":\"support-agent.model\""))
        #expect(first.contains("\"failure_mode\":\"quality_regression\""))
        // Onset is the deploy at 10:05:00; the proposal must come within 15 minutes.
        let at = try #require(first.split(separator: "\"")[3...].first)
        #expect(at >= "2026-02-14T10:05:00.000Z" && at <= "2026-02-14T10:20:00.000Z", "proposal at \(at)")
        // Error rate stays calm: no infrastructure alert in this incident.
        #expect(!lines.contains { $0.contains("\"signal\":\"error-rate\"") && $0.contains("\"type\":\"alert\"") })
    }

    @Test func replayingTwiceGivesTheSameEventStream() throws {
        let a = try headlessLines("expired-return-policy")
        let b = try headlessLines("expired-return-policy")
        #expect(!a.isEmpty)
        #expect(a == b)
    }

    @Test func theFixtureFlagFileIsNeverWritten() throws {
        let fixture = packageRoot + "/fixtures/incidents/expired-return-policy/flags.json"
        let before = try Data(contentsOf: URL(fileURLWithPath: fixture))
        let state = temporaryDirectory("state")
        let session = try Session.replay(incident: "expired-return-policy", stateDir: state, speed: 0, paused: false)
        #expect(session.stateDirectory!.flagFile.hasPrefix(URL(fileURLWithPath: state).standardizedFileURL.path))
        #expect(session.stateDirectory!.flagFile != fixture)
        let after = try Data(contentsOf: URL(fileURLWithPath: fixture))
        #expect(before == after)
    }
}
