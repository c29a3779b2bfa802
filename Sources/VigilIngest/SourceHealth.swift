/// Counters that say how healthy one input source is. Delivered with every
/// batch so a dashboard can show a bad feed instead of silently dropping it.
public struct SourceHealth: Sendable, Hashable {
    /// The file path (or other name) of the source.
    public var source: String
    /// Lines read, including blank, malformed and oversized ones.
    public var lines: Int
    /// Records decoded and delivered.
    public var records: Int
    /// Lines that could not be decoded, and OTLP evaluation events that
    /// could not become samples (see `lastError`).
    public var malformed: Int
    /// Samples whose value is NaN or ±Inf (delivered; the core ignores them).
    public var nonFinite: Int
    /// Records whose time is earlier than the previous record of this source (delivered).
    public var outOfOrder: Int
    /// Records with the same series and time as that series' previous record (delivered).
    public var duplicates: Int
    /// Lines longer than the line limit; skipped without being buffered.
    public var oversized: Int
    /// The most recent decoding problem, `line L, column C: message`.
    public var lastError: String?
    /// Bytes present in the file but not read yet (0 when caught up).
    public var lagBytes: Int64
    /// Why the source cannot be read right now (it does not exist,
    /// permission denied, a FIFO or a directory where the file was): the
    /// screen shows it as ✗ with this reason. Nil while it is read.
    public var unreadable: String?

    // A source read over the network (a Prometheus-compatible server).
    /// True for a network source: the screen shows requests, latency and
    /// the last success instead of lines and lag.
    public var remote = false
    /// Requests sent, including retries, and how many of them failed.
    public var requests = 0
    public var failedRequests = 0
    /// The last request's latency, in milliseconds.
    public var latencyMilliseconds: Int?
    /// Wall-clock time of the last successful read, in milliseconds since the epoch.
    public var lastSuccess: Int64?
    /// Warnings the source attached to otherwise good data (a partial
    /// answer), and the latest one.
    public var warnings = 0
    public var lastWarning: String?

    /// `remote` for a network source, from the moment it is configured: its
    /// health says so before the first answer, not only after.
    public init(source: String, remote: Bool = false) {
        self.source = source
        self.remote = remote
        lines = 0; records = 0; malformed = 0; nonFinite = 0
        outOfOrder = 0; duplicates = 0; oversized = 0
        lastError = nil; lagBytes = 0
    }
}
