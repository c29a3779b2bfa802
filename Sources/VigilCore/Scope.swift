/// What part of a deployment's traffic one detector unit judges. A value,
/// not words: units are keyed by it without joining strings, and the UI and
/// the exporters say it in their own words (VigilWording).
///
/// Ordered by case, then payload: the snapshot lists a signal's units in
/// this order. One signal's units in one deployment are all of one case,
/// since the case follows from the signal's detector.
public enum Scope: Hashable, Comparable, Sendable {
    /// Series with no variant label: the deployment as a whole.
    case all
    /// One variant's series, judged on their own.
    case variant(String)
    /// The canary's series judged against the baseline's.
    case canaryVsBaseline
    /// One series judged after a full switch against itself before it.
    case beforeVsAfter
    /// One agent's belief about one key of the world's state.
    case belief(agent: String, key: String)
}
