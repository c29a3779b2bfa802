import Foundation
import VigilSystem

/// Polls `condition` until it holds or `seconds` pass; true when it held.
///
/// For tests that wait for something another thread or process does: they
/// wait for the state itself, with a deadline, instead of sleeping a guessed
/// time and hoping it was long enough. The deadline is on the monotonic
/// clock, so a wall-clock step cannot cut a wait short or stretch it.
public func eventually(within seconds: Double, pollEvery interval: Double = 0.01,
                       _ condition: () -> Bool) -> Bool {
    let deadline = MonotonicClock.nowNanos() + UInt64(min(max(0, seconds), 86_400) * 1e9)
    while MonotonicClock.nowNanos() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: interval)
    }
    return condition()
}
