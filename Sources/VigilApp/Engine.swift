import Dispatch
import VigilCore

/// The one owner of the governance core. Every input (records from the
/// tailers or the replay, decisions, outcomes) is applied on one serial
/// queue, in the order it arrives; readers get immutable snapshots.
///
/// Decisions and outcomes are kept as inputs too, so that rebuilding the core
/// (seeking back in a replay) re-applies them at their event times and gives
/// the same state, byte for byte.
public final class Engine: @unchecked Sendable {
    /// What subscribers receive after each applied batch.
    public struct Update: Sendable {
        public var snapshot: CoreSnapshot?
        public var outputs: [CoreOutput]
    }

    private enum Input: Sendable {
        case decision(Decision)
        case outcome(ActionOutcome)
        var time: EventTime {
            switch self {
            case .decision(let d): return d.time
            case .outcome(let o): return o.time
            }
        }
    }

    public let policy: Policy
    /// Where proposal numbering starts (continued from the ledger).
    public let firstProposalNumber: Int
    /// Actions an earlier run executed and did not judge (from the ledger).
    public let unverified: [UnverifiedAction]
    private let queue = DispatchQueue(label: "vigil.engine")
    private var governor: Governor
    private var decisions: [Input] = []
    private var subscribers: [@Sendable (Update) -> Void] = []
    private var taps: [@Sendable ([Record]) -> Void] = []
    private var wantsSnapshots = false
    /// Snapshots copy every unit's sparkline history (about 9 MiB at 7,500
    /// units): while quiet batches stream in, at most one per interval goes
    /// out, plus one at the end, instead of one per batch.
    private let snapshotInterval: UInt64
    private var lastSnapshot: UInt64 = 0
    private var trailingSnapshotScheduled = false

    /// `snapshotsPerSecond` bounds the snapshots taken for subscribers while
    /// records without outputs stream in (a screen redraws about as often).
    /// Batches with outputs, decisions and outcomes always get a fresh one.
    public init(policy: Policy, snapshotsPerSecond: Int = 30, firstProposalNumber: Int = 1,
                unverified: [UnverifiedAction] = []) {
        self.policy = policy
        self.firstProposalNumber = firstProposalNumber
        self.unverified = unverified
        self.governor = Governor(policy: policy, firstProposalNumber: firstProposalNumber, unverified: unverified)
        snapshotInterval = 1_000_000_000 / UInt64(max(1, snapshotsPerSecond))
    }

    /// Registers a subscriber; `snapshots` asks for a snapshot with each update
    /// (the dashboard wants them; the headless printer only needs outputs).
    public func subscribe(snapshots: Bool, _ body: @escaping @Sendable (Update) -> Void) {
        queue.sync {
            subscribers.append(body)
            wantsSnapshots = wantsSnapshots || snapshots
        }
    }

    /// Sees every batch of records just before the core applies it, in the
    /// order applied (the incident recorder uses this).
    public func tap(_ body: @escaping @Sendable ([Record]) -> Void) {
        queue.sync { taps.append(body) }
    }

    /// Applies records asynchronously, in order, on the engine's queue.
    public func submit(_ records: [Record]) {
        queue.async { _ = self.applyAndPublish(records) }
    }

    /// Applies records and waits; returns what the core concluded.
    @discardableResult
    public func submitAndWait(_ records: [Record]) -> [CoreOutput] {
        queue.sync { applyAndPublish(records) }
    }

    /// Applies a decoded batch's records and waits; returns what the core
    /// concluded: the same as `submitAndWait` on its records, with each
    /// series routed once and no record made per sample (unless something
    /// records them: the taps get records).
    @discardableResult
    public func submitAndWait(_ batch: RecordBatch) -> [CoreOutput] {
        queue.sync {
            if !taps.isEmpty {
                let records = Array(batch)
                for t in taps { t(records) }
            }
            let out = governor.apply(batch)
            publish(out)
            return out
        }
    }

    /// Applies a decoded batch's records from index `start` up to `end` (the
    /// batch's end when nil) in one call, stopping after the first record
    /// that produces output, or before an event that is not the first of
    /// the run (the caller acts on events first, e.g. a replay applies a
    /// recorded deploy to its flag file). Each series is routed once per run
    /// (`Governor.apply(_:from:…)`), and there is one queue hop per run, not
    /// per record. Returns the index to go on from and the outputs.
    public func submitRun(_ batch: RecordBatch, from start: Int,
                          upTo end: Int? = nil) -> (next: Int, outputs: [CoreOutput]) {
        queue.sync {
            // One call into the core per run: one exclusivity check on it.
            let (out, next) = governor.apply(batch, from: start, upTo: end, stops: [.afterOutput, .beforeEvent])
            if next > start {
                if !taps.isEmpty {
                    let records = Array(batch[start..<next])
                    for t in taps { t(records) }
                }
                publish(out)
            }
            return (next, out)
        }
    }

    /// Moves event time forward without data (lets countdowns and staleness fire).
    public func advance(to time: EventTime) {
        queue.async {
            let out = self.governor.advance(to: time)
            self.publish(out)
        }
    }

    public func snapshot() -> CoreSnapshot { queue.sync { governor.snapshot() } }

    /// Runs `body` with the core on the engine's queue (for decisions that must
    /// check and act atomically with respect to incoming data).
    public func withCore<T>(_ body: (inout Governor) -> T) -> T { queue.sync { body(&governor) } }

    public func apply(_ decision: Decision) {
        queue.sync {
            decisions.append(.decision(decision))
            publish(governor.apply(decision), urgent: true)
        }
    }

    public func apply(_ outcome: ActionOutcome) {
        queue.sync {
            decisions.append(.outcome(outcome))
            governor.apply(outcome)
            publish([], urgent: true)
        }
    }

    /// Rebuilds the core from scratch over `records` (all with time ≤ the seek
    /// target), re-applying decisions and outcomes recorded up to that time.
    public func rebuild(with records: [Record], upTo target: EventTime) {
        queue.sync {
            governor = Governor(policy: policy, firstProposalNumber: firstProposalNumber, unverified: unverified)
            var pending = decisions.filter { $0.time <= target }
            pending.sort { $0.time < $1.time }
            var next = 0
            for r in records {
                while next < pending.count, pending[next].time < r.time {
                    feed(pending[next]); next += 1
                }
                _ = governor.apply(r)
            }
            while next < pending.count { feed(pending[next]); next += 1 }
            _ = governor.advance(to: target)
            publish([], urgent: true)
        }
    }

    private func feed(_ input: Input) {
        switch input {
        case .decision(let d): _ = governor.apply(d)
        case .outcome(let o): governor.apply(o)
        }
    }

    private func applyAndPublish(_ records: [Record]) -> [CoreOutput] {
        for t in taps { t(records) }
        let out = Self.applyAll(records, to: &governor)
        publish(out)
        return out
    }

    /// Every record in order, with one exclusivity check on the core: the
    /// engine is a class, so each access to its `governor` is checked at run
    /// time, which cost as much per record as routing the sample.
    private static func applyAll(_ records: [Record], to governor: inout Governor) -> [CoreOutput] {
        var out: [CoreOutput] = []
        for r in records { out += governor.apply(r) }
        return out
    }

    /// Hands outputs to subscribers at once. A snapshot goes with them when
    /// someone wants snapshots and there is news (outputs, or an `urgent`
    /// change such as a decision) or none was sent for an interval; otherwise
    /// one is sent when the interval ends, so the screen always catches up.
    private func publish(_ outputs: [CoreOutput], urgent: Bool = false) {
        guard !subscribers.isEmpty else { return }
        guard wantsSnapshots else {
            deliver(Update(snapshot: nil, outputs: outputs))
            return
        }
        let now = DispatchTime.now().uptimeNanoseconds
        if urgent || !outputs.isEmpty || now >= lastSnapshot + snapshotInterval {
            lastSnapshot = now
            deliver(Update(snapshot: governor.snapshot(), outputs: outputs))
            return
        }
        guard !trailingSnapshotScheduled else { return }
        trailingSnapshotScheduled = true
        queue.asyncAfter(deadline: DispatchTime(uptimeNanoseconds: lastSnapshot + snapshotInterval)) { [self] in
            trailingSnapshotScheduled = false
            lastSnapshot = DispatchTime.now().uptimeNanoseconds
            deliver(Update(snapshot: governor.snapshot(), outputs: []))
        }
    }

    private func deliver(_ update: Update) {
        for s in subscribers { s(update) }
    }
}
