#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one mutual-exclusion lock of the package: a pthread mutex.
///
/// Every hand-off between threads outside the core (tailer threads and their
/// sinks, the engine queue and the UI thread, the decision desk) uses this or
/// `Locked`, so a reader meets one locking style and one set of rules: hold it
/// briefly, never call out to unknown code while holding it.
public final class Lock: @unchecked Sendable {
    // Memory of its own: `&` on a stored property gives Swift a temporary
    // address, which pthreads must not be handed.
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>

    public init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    // Inlinable: the chunked record reader takes it once per chunk from
    // several threads, and FileTailer once per batch.
    @inlinable public func lock() { pthread_mutex_lock(mutex) }

    @inlinable public func unlock() { pthread_mutex_unlock(mutex) }

    @inlinable public func withLock<R>(_ body: () throws -> R) rethrows -> R {
        lock()
        defer { unlock() }
        return try body()
    }
}

/// A value that is only reachable under its lock.
public final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = Lock()

    public init(_ value: Value) { self.value = value }

    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        try lock.withLock { try body(&value) }
    }
}
