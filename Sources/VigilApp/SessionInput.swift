import VigilCore
import VigilUI

/// Where a session's records come from: files being written (live) or a
/// recording (replay). Everything else about a session is the same.
protocol SessionInput: AnyObject, Sendable {
    /// Begins feeding `session.engine` (for a screen, or a live headless run).
    func start(_ session: Session)
    func stop()
    /// Replay controls (pause, step, speed, seek); live ignores them.
    func perform(_ command: Command)
    /// Runs without a screen, printing through `session.handle`: to the
    /// recording's end (replay), or until stopped by a signal (live).
    func runHeadless(_ session: Session, print: @escaping Session.Sink)
}
