#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A clock that never jumps (not wall time), for deadlines, the reducer's
/// half-second confirmation guard and benchmark timings. Event time never
/// comes from here: it comes from the data.
public enum MonotonicClock {
    public static func nowNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    public static func nowMillis() -> Int64 { Int64(nowNanos() / 1_000_000) }
}
