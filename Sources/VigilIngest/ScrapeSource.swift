#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VigilCore

/// A Prometheus / OpenMetrics file that is rewritten whole (a node_exporter
/// textfile-collector `.prom` file): each rewrite is one scrape. Gauges pass
/// through; cumulative series (counters, histogram and summary counts, sums
/// and buckets) become per-second rates between scrapes, under their own
/// names. Samples without a timestamp take the file's modification time.
/// A scrape that fails to parse is counted as one malformed input and
/// delivers nothing (as node_exporter does); write the file atomically
/// (write a temporary file, then rename) so a half-written file is never seen.
struct ScrapeSource {
    let openMetrics: Bool
    let maxBytes: Int
    var tracker: HealthTracker
    private var rates = RateTracker()
    private var lastSeen: FileSignature?
    /// The last scrape's bytes while its signature is not settled: a rewrite
    /// to as many bytes, in place and within the same timestamp tick, keeps
    /// inode, size and mtime. Such a version is read again and compared on
    /// each wake-up until it has settled, so that rewrite is not missed.
    private var unsettled: [UInt8]?
    /// Runs just before the file's bytes are read; tests play a racing writer in it.
    var beforeRead: () -> Void = {}

    /// Quantiles to compute from histogram bucket rates (empty: none).
    let quantiles: [Double]

    init(source: String, format: MetricFormat, maxBytes: Int, quantiles: [Double] = []) {
        openMetrics = format == .openmetrics
        self.maxBytes = maxBytes
        self.quantiles = quantiles
        tracker = HealthTracker(source: source)
    }

    /// Reads the file at `path` if it changed since the last scrape; nil when
    /// nothing changed or it was caught mid-rewrite (it is read on the next
    /// wake-up); `[]` when only its health changed (missing, unreadable).
    /// `now` is the wall clock as the look begins, in nanoseconds since the epoch.
    mutating func poll(path: String, now: Int64 = wallClockNanoseconds()) -> [Record]? {
        let trusted = unsettled == nil ? lastSeen : nil
        let result = readScrapeFile(path, limit: maxBytes, trusted: trusted, beforeRead: beforeRead)
        if case .unreadable(let reason) = result {
            guard tracker.health.unreadable != reason else { return nil }
            tracker.health.unreadable = reason
            return []
        }
        var cleared = false
        switch result {
        case .read, .unchanged, .oversized:
            cleared = tracker.health.unreadable != nil
            tracker.health.unreadable = nil
        case .unavailable, .unreadable:
            break
        }
        switch result {
        case .unavailable, .unreadable:
            return nil
        case .unchanged:
            // Readable again with nothing new: the health change alone is news.
            return cleared ? [] : nil
        case .oversized(let signature):
            lastSeen = signature
            unsettled = nil
            tracker.health.oversized += 1
            tracker.health.lastError = "scrape file larger than \(maxBytes) bytes; skipped"
            return []
        case .read(let signature, let bytes):
            let settled = signature.isSettled(at: now)
            if signature == lastSeen, bytes == unsettled {
                if settled { unsettled = nil }
                return nil
            }
            lastSeen = signature
            unsettled = settled ? nil : bytes
            return scrape(bytes, time: signature.modified)
        }
    }

    /// Parses one scrape and returns its records (rates for cumulative series).
    mutating func scrape(_ bytes: [UInt8], time: EventTime) -> [Record] {
        tracker.health.lines += bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let parsed = bytes.withUnsafeBytes { ExpositionParser.parse($0, openMetrics: openMetrics) }
        let exposition: Exposition
        switch parsed {
        case .failure(let f):
            tracker.malformed(f)
            return []
        case .success(let e): exposition = e
        }
        if let f = exposition.firstTimeFailure() {
            tracker.malformed(f)
            return []
        }
        var out: [Record] = []
        var quantile = QuantileCollector(quantiles: quantiles)
        for family in exposition.families {
            var familyTime = time
            for s in family.samples {
                let t = s.timestamp.map(EventTime.init(milliseconds:)) ?? time
                familyTime = t
                let labels = s.labelSet
                var value = s.value
                if s.isCumulative(in: family, openMetrics: openMetrics) {
                    guard let r = rates.rate(s, labels: labels, at: t) else { continue }
                    value = r
                    if family.kind == .histogram, s.name == family.name + "_bucket" { quantile.add(bucket: s, labels: labels, rate: r) }
                }
                let record = Record.sample(Sample(time: t, metric: s.name, value: value, labels: labels))
                tracker.observe(record)
                out.append(record)
            }
            for record in quantile.flush(family: family.name, at: familyTime) {
                tracker.observe(record)
                out.append(record)
            }
        }
        return out
    }
}

/// What identifies one version of a file: a rewrite changes at least one of these.
struct FileSignature: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var seconds: Int64
    var nanoseconds: Int64

    init(_ st: stat) {
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        #if canImport(Glibc)
        seconds = Int64(st.st_mtim.tv_sec)
        nanoseconds = Int64(st.st_mtim.tv_nsec)
        #else
        seconds = Int64(st.st_mtimespec.tv_sec)
        nanoseconds = Int64(st.st_mtimespec.tv_nsec)
        #endif
    }

    var modified: EventTime { EventTime(milliseconds: seconds * 1000 + nanoseconds / 1_000_000) }
}

/// The rest of `fd` to its end, or nil if it cannot be read or exceeds `limit`.
func readWholeFile(fd: Int32, limit: Int) -> [UInt8]? {
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 << 10)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        if n < 0 { return nil }
        if n == 0 { return out }
        out.append(contentsOf: chunk[0..<n])
        if out.count > limit { return nil }
    }
}
