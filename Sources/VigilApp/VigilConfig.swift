import VigilCore
import VigilPrometheus

/// Everything `vigil.yaml` says: the core's policy plus what only the app
/// needs (sources to tail, the flag file to act on, hooks, ledger path).
public struct VigilConfig: Sendable {
    public struct Source: Sendable, Hashable {
        public var path: String
        public var format: String
        /// Histogram quantiles to compute (Prometheus/OpenMetrics scrapes).
        public var quantiles: [Double] = []
    }

    public var policy: Policy
    /// Action kind -> argv of the hook that carries it out (never a shell).
    public var hooks: [ResponseKind: [String]]
    /// Hooks named by the escalation ladder's steps (`hook: page-secondary`),
    /// listed under `hooks:` beside the action kinds.
    public var namedHooks: [String: [String]] = [:]
    public var sources: [Source]
    /// Prometheus-compatible servers to poll, each with its queries (the
    /// signals' `query:` keys and the source's own `queries:`).
    public var prometheus: [PrometheusSource] = []
    public var flagFile: String?
    public var ledger: String?
    public var theme: String?
    /// The policy file's folder: hooks run there (nil for a policy not read
    /// from a file, e.g. the built-in default).
    public var directory: String?
    /// In `watch`, how long the feeds may be silent before event time moves
    /// on with the wall clock (see `LiveClock`).
    public var liveLag: Duration = LiveClock.defaultLag
    /// The dashboard's bell, window title and mouse; nil: the default (on),
    /// or what `--bell`, `--title`, `--quiet` and `--mouse` say.
    public var bell: Bool?
    public var title: Bool?
    public var mouse: Bool?
    /// Non-fatal findings (unknown keys, detectors not yet supported).
    public var warnings: [PolicyProblem]

    public init(policy: Policy, hooks: [ResponseKind: [String]] = [:], sources: [Source] = [],
                flagFile: String? = nil, ledger: String? = nil, theme: String? = nil,
                warnings: [PolicyProblem] = []) {
        self.policy = policy; self.hooks = hooks; self.sources = sources; self.flagFile = flagFile
        self.ledger = ledger; self.theme = theme; self.warnings = warnings
    }
}

extension VigilConfig {
    /// One of the dashboard's switches (bell, title, mouse): an explicit flag,
    /// else off under `--quiet` (for the bell and the title), else the
    /// policy's value, else on.
    public static func choose(flag: Bool?, quiet: Bool = false, policy: Bool?) -> Bool {
        flag ?? (quiet ? false : policy ?? true)
    }
}
