/// The one symbol for each state, so a state looks the same on every screen
/// (the header, the panels, the sources screen, help). Every symbol is one
/// column wide and always sits next to a word: meaning never rests on the
/// symbol alone.
public enum Glyph {
    /// Healthy: a signal OK, a source read cleanly, an action that worked.
    public static let ok = "✓"
    /// Failing: a signal failing, a source that cannot be read, an action that failed.
    public static let bad = "✗"
    /// Needs a look soon: a signal breaching (not yet sustained), a source
    /// with skipped lines, a cap reached.
    public static let warn = "⚠"
    /// No data within the staleness window.
    public static let noData = "∅"
    /// Too few samples to judge yet (or an action not judged yet).
    public static let waiting = "…"
    /// Inconclusive for longer than the policy allows, and the policy says
    /// hold: shown, not acted on. Not an alert.
    public static let held = "◌"
    /// A proposal waiting for a person.
    public static let pending = "●"
    /// A proposal nobody answered in time: people were paged.
    public static let escalated = "▲"
    /// A proposal put aside for now.
    public static let snoozed = "○"
    /// A rollout on trial: part of the traffic on a new variant.
    public static let rollout = "⇪"
}
