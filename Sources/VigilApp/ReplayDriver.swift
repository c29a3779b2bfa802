import Dispatch
import Foundation
import VigilCore

/// Plays a recording into the engine at a chosen speed, on its own thread.
///
/// Event time advances at `speed` × wall time from an anchor that is reset on
/// every pause, speed change and seek. Seeking back rebuilds the core from the
/// start of the recording (with the decisions made so far), so the state after
/// a seek is exactly the state a straight run would have reached.
public final class ReplayDriver: @unchecked Sendable {
    public struct State: Sendable, Hashable {
        public var speed: Double
        public var paused: Bool
        public var position: EventTime?
        public var finished: Bool
    }

    /// Speed meaning "as fast as the machine allows".
    public static let maximumSpeed = Double.infinity

    private let records: ReplayRecords
    private let engine: Engine
    private let condition = NSCondition()
    private var next = 0
    private var position: EventTime?
    private var speed: Double
    private var paused: Bool
    private var anchorWall: UInt64 = 0
    private var anchorEvent: EventTime?
    private var stopped = false
    private var finished = false
    private let onState: @Sendable (State) -> Void
    private let onRecord: @Sendable (Record) -> Void

    /// `records`: the recording by position (its decoded batches). `onRecord`
    /// sees each record as it is played forward (not on a seek-back
    /// rebuild), before the engine does.
    init(records: ReplayRecords, engine: Engine, speed: Double, paused: Bool,
                onState: @escaping @Sendable (State) -> Void = { _ in },
                onRecord: @escaping @Sendable (Record) -> Void = { _ in }) {
        self.onRecord = onRecord
        self.records = records
        self.engine = engine
        self.speed = speed > 0 ? speed : Self.maximumSpeed
        self.paused = paused
        self.onState = onState
        self.position = records.isEmpty ? nil : records.time(at: 0)
    }

    public var state: State {
        condition.withLock { State(speed: speed, paused: paused, position: position, finished: finished) }
    }

    public func start() {
        let t = Thread { [self] in loop() }
        t.name = "vigil.replay"
        t.start()
    }

    public func stop() {
        condition.withLock { stopped = true; condition.broadcast() }
    }

    public func togglePause() { change { $0.paused.toggle() } }
    public func setSpeed(_ s: Double) { change { $0.speed = s > 0 ? min(s, 1_000_000) : Self.maximumSpeed } }
    public func faster() { change { $0.speed = $0.speed.isFinite ? min($0.speed * 2, 1_000_000) : $0.speed } }
    public func slower() { change { $0.speed = $0.speed.isFinite ? max($0.speed / 2, 1) : 1_000 } }

    /// Pauses and plays the next moment of the recording: every record with
    /// the next record's timestamp.
    public func step() {
        condition.lock()
        paused = true
        anchorEvent = nil
        guard next < records.count else { condition.unlock(); return }
        let t = records.time(at: next)
        let end = records.endOfRun(from: next) { $0 == t }
        let batch = records.records(in: next..<end)
        next = end
        position = t
        condition.unlock()
        play(batch)
        let s = state
        onState(s)
    }

    /// Moves the replay by `seconds` of event time (negative: back).
    public func seek(by seconds: Double) {
        condition.lock()
        guard let pos = position else { condition.unlock(); return }
        let target = pos.adding(.seconds(seconds))
        if seconds < 0 {
            let j = records.endOfRun(from: 0) { $0 <= target }
            let prefix = records.records(in: 0..<j)
            next = j
            position = max(target, records.isEmpty ? target : records.time(at: 0))
            finished = false
            let rebuiltTo = position ?? target
            condition.unlock()
            engine.rebuild(with: prefix, upTo: rebuiltTo)
            condition.lock()
        } else {
            let end = records.endOfRun(from: next) { $0 <= target }
            let batch = records.records(in: next..<end)
            next = end
            position = target
            condition.unlock()
            play(batch)
            engine.advance(to: target)
            condition.lock()
        }
        anchorEvent = nil
        condition.broadcast()
        let s = State(speed: speed, paused: paused, position: position, finished: finished)
        condition.unlock()
        onState(s)
    }

    private func change(_ body: (inout (speed: Double, paused: Bool)) -> Void) {
        condition.lock()
        var v = (speed: speed, paused: paused)
        body(&v)
        speed = v.speed; paused = v.paused
        anchorEvent = nil
        condition.broadcast()
        let s = State(speed: speed, paused: paused, position: position, finished: finished)
        condition.unlock()
        onState(s)
    }

    /// Plays records forward: `onRecord` sees each, then the engine applies them.
    private func play(_ batch: [Record]) {
        for r in batch { onRecord(r) }
        engine.submitAndWait(batch)
    }

    private static func monotonicNanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    private func loop() {
        condition.lock()
        while !stopped {
            if next >= records.count {
                if !finished {
                    finished = true
                    let s = State(speed: speed, paused: paused, position: position, finished: true)
                    condition.unlock()
                    onState(s)
                    condition.lock()
                }
                condition.wait()
                continue
            }
            if paused { condition.wait(); continue }
            let now = Self.monotonicNanos()
            if anchorEvent == nil {
                anchorEvent = position ?? records.time(at: next)
                anchorWall = now
            }
            guard let anchor = anchorEvent else { continue }
            let target: EventTime
            if speed.isInfinite {
                target = records.time(at: records.count - 1)
            } else {
                let elapsedMillis = Double(now &- anchorWall) / 1e6 * speed
                // A huge speed must not trap: beyond the range, play to the end.
                target = Int64(exactly: elapsedMillis.rounded(.down)).map { anchor.adding(Duration(milliseconds: $0)) }
                    ?? records.time(at: records.count - 1)
            }
            let end = records.endOfRun(from: next, limit: 4096) { $0 <= target }
            let batch = records.records(in: next..<end)
            next = end
            if !batch.isEmpty {
                position = batch[batch.count - 1].time
                condition.unlock()
                play(batch)
                condition.lock()
                continue
            }
            // Nothing due yet: sleep until the next record is due, waking at
            // least once per wall second so the clock on screen moves.
            let due = records.time(at: next).since(anchor).seconds / speed
            let waitSeconds = min(max(due - Double(now &- anchorWall) / 1e9, 0.001), 1.0)
            position = max(position ?? target, target)
            _ = condition.wait(until: Date(timeIntervalSinceNow: waitSeconds))
            if let p = position, !paused, !stopped {
                condition.unlock()
                engine.advance(to: p)
                condition.lock()
            }
        }
        condition.unlock()
    }
}
