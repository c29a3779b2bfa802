import VigilCore
import VigilSystem

/// Event time for a live watch, which must move when the feeds stop: the
/// core only knows the time its inputs carry, so without this a silent feed
/// would freeze staleness, countdowns, escalation and verification exactly
/// when they matter.
///
/// The rule: now = newest event time seen + max(0, wall time since it
/// arrived − lag). While samples arrive, time is the data's; once every
/// feed has been silent for `lag`, event time runs on at wall-clock speed
/// from the newest sample. It extrapolates from the data rather than reading
/// the wall clock's date, so a producer whose clock is off (or a file read
/// `--from-start` from an earlier day) is not judged stale at once. The wall
/// clock is monotonic and injected: tests move a fake one.
///
/// Only `watch` uses it; replay and backtest take time from the recording alone.
public final class LiveClock: @unchecked Sendable {
    /// Samples may arrive this late (scrape interval, batching) before the
    /// clock runs on without them.
    public static let defaultLag = Duration.seconds(10)

    private let lag: Duration
    private let monotonicNanos: @Sendable () -> UInt64
    private let lock = Lock()
    private var newest: EventTime?
    private var arrivedAt: UInt64 = 0

    public init(lag: Duration = LiveClock.defaultLag,
                monotonicNanos: @escaping @Sendable () -> UInt64 = { MonotonicClock.nowNanos() }) {
        self.lag = lag
        self.monotonicNanos = monotonicNanos
    }

    /// Notes the latest event time of the records the engine is about to apply.
    func saw(_ latest: EventTime) {
        let wall = monotonicNanos()
        lock.withLock {
            if let n = newest, latest <= n { return }
            newest = latest
            arrivedAt = wall
        }
    }

    /// The event time the core should have reached; nil before any data
    /// (there is nothing to be stale relative to).
    func now() -> EventTime? {
        let wall = monotonicNanos()
        return lock.withLock {
            guard let newest else { return nil }
            let silentMillis = Int64(clamping: (wall > arrivedAt ? wall - arrivedAt : 0) / 1_000_000)
            let beyond = silentMillis - max(0, lag.milliseconds)
            return beyond > 0 ? newest.adding(Duration(milliseconds: beyond)) : newest
        }
    }
}
