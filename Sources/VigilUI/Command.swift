/// What the UI asks the app to do. The app (not the UI) decides, records and
/// acts: the UI never changes flags or writes the ledger itself, so every
/// decision passes through one audited place.
public enum Command: Sendable, Hashable {
    case confirm(proposalID: String)
    case reject(proposalID: String)
    /// Snooze for `Decision.defaultSnooze` (`s`).
    case snooze(proposalID: String)
    /// Snooze for `seconds` (`:snooze 30m`).
    case snoozeFor(proposalID: String, seconds: Int)
    /// Confirm ranked response `response` (its number on the details
    /// screen; 2… are the alternatives) instead of the proposed one.
    case choose(proposalID: String, response: Int)
    /// Take back a rejection made moments ago (`u`).
    case undo(proposalID: String)
    /// Explain the last decision, or the next (`:reason TEXT`).
    case reason(String)
    case quit
    /// Pause or resume a replay.
    case togglePause
    /// Pause the replay and play the next moment of the recording (one timestamp).
    case step
    /// Set replay speed (event seconds per wall second).
    case speed(Double)
    case faster
    case slower
    /// Move a replay by this many event-time seconds (negative: back).
    case seek(seconds: Double)
    /// Switch to a theme by name.
    case theme(String)
}
