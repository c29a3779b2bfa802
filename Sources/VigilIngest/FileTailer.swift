#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import VigilCore
import VigilSystem

/// Follows a growing file on a Dispatch queue and delivers decoded batches in
/// file order, like `tail -F`:
///
/// - a file that does not exist yet is waited for (and reported as
///   unreadable until it appears: a typo must not look like a quiet feed); by default reading starts
///   at the end (after the last complete line), `fromStart` reads it all;
/// - a partial last line is held until its newline arrives;
/// - truncation restarts from offset 0; rotation by rename+create (or delete
///   and re-create) drains the old file until it has been quiet for
///   `rotationQuietPeriod`, finishes it, then follows the new one from 0;
/// - a line longer than `maxLineBytes` is skipped and counted, never buffered;
/// - at most `maxInFlightBatches` batches wait for `deliver`; beyond that the
///   tailer stops reading and reports the unread bytes as `lagBytes`.
///
/// `deliver` runs on one serial queue, one batch at a time. A started tailer
/// lives until `stop()`.
public final class FileTailer: @unchecked Sendable {
    public struct Options: Sendable {
        public var fromStart: Bool
        public var format: MetricFormat
        public var maxLineBytes: Int
        /// Batches handed to `deliver` and not finished yet; reading pauses at this many.
        public var maxInFlightBatches: Int = 4
        /// Polling period when inotify is unavailable (or `useInotify` is false), seconds.
        public var pollInterval: Double = 0.25
        /// With inotify the file is still re-checked this often, seconds.
        public var safetyInterval: Double = 2
        public var useInotify: Bool = true
        /// After a rotation the old file is still read until nothing was
        /// written to it for this long, seconds: a writer that has not
        /// reopened the path yet (a logger between rename and reopen) still
        /// appends there, and `tail -F` loses those lines.
        public var rotationQuietPeriod: Double = 1
        /// For rewritten Prometheus/OpenMetrics files: quantiles (0...1) to
        /// compute from each histogram's bucket rates, e.g. [0.5, 0.95, 0.99].
        public var quantiles: [Double] = []

        public init(fromStart: Bool = false, format: MetricFormat = .jsonl, maxLineBytes: Int = 1 << 20) {
            self.fromStart = fromStart
            self.format = format
            self.maxLineBytes = maxLineBytes
        }
    }

    public let path: String
    public let options: Options
    private let deliver: @Sendable (RecordBatch, SourceHealth) -> Void

    private let queue: DispatchQueue
    private let deliveryQueue: DispatchQueue
    private let onDeliveryQueue = DispatchSpecificKey<Bool>()

    // Shared between the queues, guarded by `lock`.
    private let lock = Lock()
    private var stopped = false
    private var started = false
    private var inFlight = 0
    private var latest: SourceHealth
    private var checksDone = 0
    private var draining = false

    // Reading state, touched only on `queue`.
    private var watcher: FileWatcher?
    private var fd: Int32 = -1
    private var identity: (dev: UInt, ino: UInt) = (0, 0)
    private var position: Int64 = 0
    private var paused = false
    private var source: LineSource
    private var scrape: ScrapeSource
    private var lastDelivered: SourceHealth?
    /// While draining a rotated file: its read position at the last look,
    /// when that position last moved (uptime, ns), and whether a re-check
    /// for the end of the quiet period is scheduled.
    private var drainMark: Int64 = -1
    private var drainQuietSince: UInt64 = 0
    private var drainCheckPending = false

    public init(path: String, options: Options,
                deliver: @escaping @Sendable (_ batch: RecordBatch, _ health: SourceHealth) -> Void) {
        self.path = path
        self.options = options
        self.deliver = deliver
        queue = DispatchQueue(label: "vigil.tailer.read")
        deliveryQueue = DispatchQueue(label: "vigil.tailer.deliver")
        deliveryQueue.setSpecific(key: onDeliveryQueue, value: true)
        source = LineSource(source: path, format: options.format, maxLineBytes: options.maxLineBytes)
        scrape = ScrapeSource(source: path, format: options.format, maxBytes: max(options.maxLineBytes, 16 << 20),
                              quantiles: options.quantiles)
        latest = SourceHealth(source: path)
    }

    deinit {
        // Only reached when no block on either queue holds the tailer any more.
        watcher?.stop()
        if fd >= 0 { close(fd) }
    }

    /// The source's health right now (lagBytes as of the last read).
    public var health: SourceHealth {
        lock.lock(); defer { lock.unlock() }
        return latest
    }

    /// Begins following. Calling it again, or after `stop()`, does nothing.
    public func start() {
        lock.lock()
        let go = !started && !stopped
        started = true
        lock.unlock()
        guard go else { return }
        queue.async { [self] in
            let w = FileWatcher(path: path, queue: queue) { [weak self] in self?.check() }
            watcher = w
            w.start(useInotify: options.useInotify, pollInterval: options.pollInterval,
                    safetyInterval: options.safetyInterval)
            if !isScrape { open(initial: true) }
            check()
        }
    }

    /// Stops following. Idempotent. When it returns, `deliver` is not called
    /// again; a delivery already running is waited for, unless `stop()` is
    /// called from inside `deliver`.
    public func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        queue.async { [self] in
            watcher?.stop()
            watcher = nil
            if fd >= 0 { close(fd); fd = -1 }
        }
        if DispatchQueue.getSpecific(key: onDeliveryQueue) != true {
            deliveryQueue.sync {}
        }
    }

    /// How many times the file has been looked at (for tests that must not
    /// race the first look).
    var checkCount: Int {
        lock.lock(); defer { lock.unlock() }
        return checksDone
    }

    /// True while a rotated file is drained before the new one is followed
    /// (for tests that must act in that window).
    var isDrainingRotatedFile: Bool {
        lock.lock(); defer { lock.unlock() }
        return draining
    }

    private var isStopped: Bool {
        lock.lock(); defer { lock.unlock() }
        return stopped
    }

    // MARK: Reading (on `queue`)

    private var isScrape: Bool { options.format == .prometheus || options.format == .openmetrics }

    /// Opens the path if it exists. The first open honours `fromStart`; a file
    /// that appears later (created or rotated in) is new, so it is read from 0.
    private func open(initial: Bool) {
        let newFD: Int32
        switch FollowedFile.open(path) {
        case .opened(let f): newFD = f
        case .missing: reportUnreadable(FollowedFile.missingReason); return
        case .unreadable(let reason): reportUnreadable(reason); return
        }
        var st = stat()
        guard fstat(newFD, &st) == 0 else { close(newFD); return }
        reportUnreadable(nil)
        fd = newFD
        identity = (UInt(st.st_dev), UInt(st.st_ino))
        position = 0
        source.buffer.reset()
        source.lineNumber = 0
        watcher?.watchFile()
        if initial && !options.fromStart {
            let (offset, skipFirst) = resumePoint(fd: newFD, size: Int64(st.st_size), limit: options.maxLineBytes)
            lseek(newFD, off_t(offset), SEEK_SET)
            position = offset
            source.buffer.reset(skipFirstLine: skipFirst)
        }
    }

    /// Shows (or clears) why the path cannot be read; retried on every wake-up.
    private func reportUnreadable(_ reason: String?) {
        guard source.tracker.health.unreadable != reason else { return }
        source.tracker.health.unreadable = reason
        emit(RecordBatch())
    }

    /// Called on every wake-up: reads what is new, then looks for truncation and rotation.
    private func check() {
        guard !isStopped else { return }
        defer { lock.lock(); checksDone += 1; lock.unlock() }
        if isScrape { checkScrape(); return }
        if fd < 0 {
            open(initial: false)
            guard fd >= 0 else { return }
        }
        readAvailable()
        guard !paused else { return }
        var st = stat()
        if fstat(fd, &st) == 0, Int64(st.st_size) < position {
            // Truncated in place: start over from the beginning of the file.
            lseek(fd, 0, SEEK_SET)
            position = 0
            source.buffer.reset()
            source.lineNumber = 0
            readAvailable()
            guard !paused else { return }
        }
        var ps = stat()
        if stat(path, &ps) == 0, UInt(ps.st_dev) != identity.dev || UInt(ps.st_ino) != identity.ino {
            // Rotated or re-created: the old file is read until it has been
            // quiet, then to its end; its last unterminated line counts as
            // complete. Then follow the new file.
            guard oldFileIsQuiet() else { return }
            emit(source.finishBatch())
            close(fd)
            fd = -1
            open(initial: false)
            if fd >= 0 { readAvailable() }
        }
        // A deleted path keeps the old descriptor until a new file appears.
    }

    /// Whether the rotated-away file has been read with nothing new for
    /// `rotationQuietPeriod`; if not, a re-check is scheduled for when it
    /// would be (writes to it wake the tailer sooner through inotify or the timer).
    private func oldFileIsQuiet() -> Bool {
        let now = DispatchTime.now().uptimeNanoseconds
        if drainMark != position {
            drainMark = position
            drainQuietSince = now
            setDraining(true)
        }
        let quiet = UInt64(max(0, options.rotationQuietPeriod) * 1e9)
        let quietFor = now - drainQuietSince
        if quietFor >= quiet {
            drainMark = -1
            setDraining(false)
            return true
        }
        if !drainCheckPending {
            drainCheckPending = true
            queue.asyncAfter(deadline: .now() + .nanoseconds(Int(quiet - quietFor))) { [weak self] in
                guard let self else { return }
                drainCheckPending = false
                check()
            }
        }
        return false
    }

    private func setDraining(_ value: Bool) {
        lock.lock(); draining = value; lock.unlock()
    }

    /// Reads until end of file or until backpressure says stop.
    private func readAvailable() {
        while true {
            if isStopped { return }
            if inFlightCount() >= options.maxInFlightBatches {
                paused = true
                publishLag()
                return
            }
            paused = false
            let n = source.buffer.fill(from: fd)
            if n < 0 {
                source.tracker.health.lastError = "read failed: \(String(cString: strerror(errno)))"
                emit(RecordBatch())
                return
            }
            if n == 0 { emit(RecordBatch()); return }
            position += Int64(n)
            emit(source.drainBatch())
        }
    }

    /// Scrape mode: the file is re-read whole whenever it changed.
    private func checkScrape() {
        guard let records = scrape.poll(path: path) else { return }
        emit(RecordBatch(records))
    }

    private func currentLag() -> Int64 {
        var st = stat()
        guard fd >= 0, fstat(fd, &st) == 0 else { return 0 }
        return max(0, Int64(st.st_size) - position)
    }

    private func publishLag() {
        var h = source.tracker.health
        h.lagBytes = currentLag()
        lock.lock(); latest = h; lock.unlock()
    }

    private func inFlightCount() -> Int {
        lock.lock(); defer { lock.unlock() }
        return inFlight
    }

    /// Hands a batch to the delivery queue (skips empty batches that change nothing).
    private func emit(_ batch: RecordBatch) {
        var snapshot = isScrape ? scrape.tracker.health : source.tracker.health
        snapshot.lagBytes = isScrape ? 0 : currentLag()
        let h = snapshot
        if batch.isEmpty && h == lastDelivered { return }
        lastDelivered = h
        lock.lock()
        latest = h
        inFlight += 1
        lock.unlock()
        deliveryQueue.async { [self] in
            lock.lock()
            let skip = stopped
            lock.unlock()
            if !skip { deliver(batch, h) }
            lock.lock()
            inFlight -= 1
            lock.unlock()
            queue.async { [self] in if paused { check() } }
        }
    }
}

/// Where to begin when starting at the end: just after the last newline, so a
/// line being written right now is read once complete. If no newline is within
/// `limit` bytes of the end, start at the end and drop the rest of that line.
func resumePoint(fd: Int32, size: Int64, limit: Int) -> (offset: Int64, skipFirstLine: Bool) {
    guard size > 0 else { return (0, false) }
    let block = 64 << 10
    var buffer = [UInt8](repeating: 0, count: block)
    var end = size
    while end > 0 && size - end <= Int64(limit) {
        let begin = max(0, end - Int64(block))
        let want = Int(end - begin)
        let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, want, off_t(begin)) }
        guard got == want else { return (size, true) }
        if let i = buffer[0..<want].lastIndex(of: 0x0A) { return (begin + Int64(i) + 1, false) }
        end = begin
    }
    return size <= Int64(limit) ? (0, false) : (size, true)
}
