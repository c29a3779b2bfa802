import VigilCore

/// Health of one input source, as the ingest layer reports it.
public struct SourceSummary: Sendable, Hashable {
    public var name: String
    /// Records read so far.
    public var records: Int
    /// Lines that could not be parsed and were skipped.
    public var malformed: Int
    /// Bytes written to the source that are not read yet.
    public var lagBytes: Int
    /// Lines read, and what was wrong with some of them: none of these
    /// silently vanish, and the sources screen shows every count.
    public var lines: Int = 0
    public var nonFinite: Int = 0
    public var outOfOrder: Int = 0
    public var duplicates: Int = 0
    public var oversized: Int = 0
    public var lastError: String?
    /// Why the source's file cannot be read at all right now.
    public var unreadable: String?
    /// A network source (a Prometheus server): requests, the last one's
    /// latency, when it last answered (`HH:MM:SS` UTC) and the latest
    /// warning it attached to good data.
    public var remote = false
    public var requests = 0
    public var failedRequests = 0
    public var latencyMilliseconds: Int?
    public var lastSuccess: String?
    public var warnings = 0
    public var lastWarning: String?

    public init(name: String, records: Int, malformed: Int = 0, lagBytes: Int = 0) {
        self.name = name; self.records = records; self.malformed = malformed; self.lagBytes = lagBytes
    }
}

/// A signal the policy configures, known before any of its data arrives:
/// the overview lists it as waiting, so a source that never delivers (a typo
/// in its path) cannot pass for a quiet, healthy system.
public struct ConfiguredSignal: Sendable, Hashable {
    public var name: String
    public var metric: String
    public var family: SignalFamily

    public init(name: String, metric: String, family: SignalFamily) {
        self.name = name; self.metric = metric; self.family = family
    }
}

/// What the app knows that the core does not: how it runs and who runs it.
public struct StatusInfo: Sendable, Hashable {
    public var mode: Mode
    public var operatorName: String
    /// Started with `--read-only`: decisions are disabled and the screen says so.
    public var readOnly: Bool
    public var sources: [SourceSummary]
    /// The outcome of the last action, or the last error, for the operator to see.
    public var notice: String?
    /// Counts notices, so the same text said twice is shown twice.
    public var noticeSerial = 0
    /// The incident this session is attached to, if any.
    public var incident: String?
    /// A confirmed action is still running (a flag write or a hook): the
    /// status bar says so, and `q` asks before quitting.
    public var actionInFlight: Bool
    /// What an escalation runs (the policy's `escalate` hook, as a short
    /// name), nil when none is configured: an escalated proposal then says
    /// whom it paged, or that nobody was paged.
    public var escalationHook: String?
    /// The policy's signals, listed on the overview until their data arrives.
    public var configuredSignals: [ConfiguredSignal] = []
    /// What `vigil check` warns about in the policy (`file:line:col: warning: …`),
    /// kept on the sources screen after the start-up print has scrolled away.
    public var policyWarnings: [String] = []

    public init(mode: Mode = .live, operatorName: String = "", readOnly: Bool = false,
                sources: [SourceSummary] = [], notice: String? = nil, incident: String? = nil,
                actionInFlight: Bool = false) {
        self.mode = mode; self.operatorName = operatorName; self.readOnly = readOnly
        self.sources = sources; self.notice = notice; self.incident = incident
        self.actionInFlight = actionInFlight
    }
}
