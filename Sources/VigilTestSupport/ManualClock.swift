import VigilSystem

/// A millisecond clock that only moves when told: tests and benchmarks drive
/// code that reads time (a poller's schedule) without waiting on the wall
/// clock. Safe to read from the code's own threads.
public final class ManualClock: @unchecked Sendable {
    private let lock = Lock()
    private var ms: Int64

    public init(_ ms: Int64) { self.ms = ms }

    public var now: Int64 { lock.withLock { ms } }

    public func advance(_ d: Int64) { lock.withLock { ms += d } }
}
