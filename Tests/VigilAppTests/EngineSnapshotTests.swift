import Foundation
import VigilSystem
import Testing
@testable import VigilApp
import VigilCore

/// The engine coalesces the snapshots it takes for a screen while quiet
/// records stream in, but never delays news, and always catches up.
@Suite struct EngineSnapshotTests {
    final class Seen: Sendable {
        let snapshots = Locked<[CoreSnapshot]>([])
        let outputs = Locked(0)
    }

    func engine(snapshotsPerSecond: Int) throws -> (Engine, Seen) {
        let config = try PolicyLoader.parse("""
        name: snapshots
        sources: [m.jsonl]
        signals:
          - name: error-rate
            metric: errors.rate
            detector: {type: threshold, direction: higher_is_worse, value: 0.1}
        """)
        let engine = Engine(policy: config.policy, snapshotsPerSecond: snapshotsPerSecond)
        let seen = Seen()
        engine.subscribe(snapshots: true) { update in
            if let s = update.snapshot { seen.snapshots.withLock { $0.append(s) } }
            seen.outputs.withLock { $0 += update.outputs.count }
        }
        return (engine, seen)
    }

    func sample(_ second: Int, _ value: Double) -> Record {
        .sample(Sample(time: EventTime(milliseconds: 1_771_063_200_000 + Int64(second) * 1000),
                       metric: "errors.rate", value: value, labels: Labels(["deployment": "support-agent"])))
    }

    @Test func quietBatchesShareSnapshotsAndTheLastOneArrives() throws {
        // One snapshot a second at most: 200 quick quiet batches are far
        // fewer snapshots, and the trailing one shows the last batch.
        let (engine, seen) = try engine(snapshotsPerSecond: 1)
        for s in 0..<200 { engine.submitAndWait([sample(s, 0.01)]) }
        #expect(seen.snapshots.withLock { $0.count } < 10)
        try waitFor(5, "the trailing snapshot") {
            seen.snapshots.withLock { $0.last?.eventTime } == sample(199, 0).time
        }
    }

    @Test func newsIsNeverHeldBack() throws {
        let (engine, seen) = try engine(snapshotsPerSecond: 1)
        engine.submitAndWait([sample(0, 0.01)])
        engine.submitAndWait([sample(1, 0.01)])
        let before = seen.snapshots.withLock { $0.count }
        // A breach: an alert (and a proposal) come out, with a fresh snapshot at once.
        let out = engine.submitAndWait([sample(2, 0.5)])
        #expect(!out.isEmpty)
        #expect(seen.outputs.withLock { $0 } == out.count)
        let last = try #require(seen.snapshots.withLock { $0.count > before ? $0.last : nil })
        #expect(last.eventTime == sample(2, 0).time)
    }
}
