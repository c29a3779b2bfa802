import Foundation

/// Polls `condition` until it holds or `seconds` pass; true when it held.
///
/// For tests that wait for something another thread or process does: they
/// wait for the state itself, with a deadline, instead of sleeping a guessed
/// time and hoping it was long enough.
public func eventually(within seconds: Double, pollEvery interval: Double = 0.01,
                       _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: interval)
    }
    return condition()
}
