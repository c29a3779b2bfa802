#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import VigilActions
import VigilCore
import VigilIngest

/// Follows the flagd flag file in a live watch and turns each change of what
/// it serves (a new default variant, new fractional weights, a flag added,
/// removed or disabled) into deploy events (`FlagFileState.deploys`).
///
/// The file is hostile input and may be read mid-write: a version is parsed
/// only once its bytes have stayed the same for `quietPeriod` (as the tailer
/// drains a rotated file), so an editor's truncate-then-write gives one
/// deploy, not a phantom pair. A version that does not parse (or that flagd
/// would refuse) gives no deploy: it is counted as malformed in the source's
/// health with the reason, and the next good version is compared with the
/// last good one. The first good version is the baseline: what the file
/// already served at start is not a deploy. Vigil's own writes are known
/// from `OwnFlagWrites` and are never deploys.
///
/// `deliver` runs on the follower's queue with the deploys (possibly none)
/// and the health, whenever either changed.
final class FlagFileFollower: @unchecked Sendable {
    struct Options: Sendable {
        var quietPeriod: Double = 0.5
        var pollInterval: Double = 0.25
        var safetyInterval: Double = 2
        var useInotify = true
        /// Larger versions are refused (counted), never read whole.
        var maxBytes = 4 << 20
    }

    let path: String
    private let options: Options
    private let own: OwnFlagWrites
    private let deliver: @Sendable ([DeployEvent], SourceHealth) -> Void
    private let notice: @Sendable (String) -> Void
    private let queue = DispatchQueue(label: "vigil.flag-file")
    // Touched only on `queue`.
    private var watcher: FileWatcher?
    private var stopped = false
    private var health: SourceHealth
    private var baseline: FlagFileState?
    private var current: [UInt8]?
    private var pending: (bytes: [UInt8], since: UInt64)?
    private var recheckScheduled = false
    /// The file's identity, size and mtime when `current` was read, and
    /// whether that mtime was already a timestamp tick old then: a settled
    /// version whose signature is unchanged is not read again (the watcher
    /// wakes on every write in the directory, metrics appends included).
    private var settled: FileStamp?

    /// `notice` hears of each version that gives no deploy because it is
    /// broken (the operator must know their edit did not count).
    init(path: String, own: OwnFlagWrites, options: Options = Options(),
         notice: @escaping @Sendable (String) -> Void = { _ in },
         deliver: @escaping @Sendable ([DeployEvent], SourceHealth) -> Void) {
        self.notice = notice
        self.path = path
        self.own = own
        self.options = options
        self.deliver = deliver
        health = SourceHealth(source: path)
    }

    func start() {
        queue.async { [self] in
            let w = FileWatcher(path: path, queue: queue) { [weak self] in self?.check() }
            w.start(useInotify: options.useInotify, pollInterval: options.pollInterval,
                    safetyInterval: options.safetyInterval)
            watcher = w
            check()
        }
    }

    func stop() {
        queue.sync { stopped = true; watcher?.stop(); watcher = nil }
    }

    /// Looks at the file now (tests call it instead of waiting for a wake-up).
    func poll() { queue.sync { check() } }

    // MARK: On `queue`

    private func check() {
        guard !stopped else { return }
        if let settled, pending == nil, settled == FileStamp(path) { return }
        let stamp = FileStamp(path)
        let bytes: [UInt8]
        switch read() {
        case .failure(let why):
            pending = nil
            report(unreadable: why.description)
            return
        case .success(let b):
            bytes = b
            report(unreadable: nil)
        }
        if bytes == current {
            pending = nil
            // Re-read until no later write can share this signature.
            settled = stamp?.isSettled == true && stamp == FileStamp(path) ? stamp : nil
            return
        }
        settled = nil
        let now = DispatchTime.now().uptimeNanoseconds
        guard let p = pending, p.bytes == bytes else {
            pending = (bytes, now)
            recheck(after: options.quietPeriod)
            return
        }
        let quiet = UInt64(max(0, options.quietPeriod) * 1e9)
        guard now - p.since >= quiet else {
            recheck(after: Double(quiet - (now - p.since)) / 1e9)
            return
        }
        pending = nil
        current = bytes
        accept(bytes)
    }

    /// A version that has been quiet: parsed, compared, delivered.
    private func accept(_ bytes: [UInt8]) {
        health.lines += 1
        let state: FlagFileState
        do { state = try FlagFileState.parse(bytes) } catch {
            health.malformed += 1
            health.lastError = "\(error); no deploy read from this version"
            notice("flag file \(path): \(health.lastError ?? "")")
            deliver([], health)
            return
        }
        guard let last = baseline else {
            baseline = state
            deliver([], health)
            return
        }
        baseline = state
        var deploys: [DeployEvent] = []
        if case .foreign(let ownBytes) = own.origin(of: bytes) {
            let base = ownBytes.flatMap { try? FlagFileState.parse($0) } ?? last
            deploys = state.deploys(since: base)
        }
        health.records += deploys.count
        deliver(deploys, health)
    }

    private func report(unreadable reason: String?) {
        guard health.unreadable != reason else { return }
        health.unreadable = reason
        deliver([], health)
    }

    private func recheck(after seconds: Double) {
        guard !recheckScheduled else { return }
        recheckScheduled = true
        queue.asyncAfter(deadline: .now() + max(0.001, seconds)) { [weak self] in
            guard let self else { return }
            recheckScheduled = false
            check()
        }
    }

    /// The whole file, or why not (missing, not a regular file, too large).
    private func read() -> Result<[UInt8], ReadFailure> {
        let fd: Int32
        switch FollowedFile.open(path) {
        case .opened(let f): fd = f
        case .missing: return .failure(ReadFailure(FollowedFile.missingReason))
        case .unreadable(let why): return .failure(ReadFailure(why))
        }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(ReadFailure("read failed: \(String(cString: strerror(errno)))"))
            }
            if n == 0 { return .success(out) }
            out += chunk[0..<n]
            if out.count > options.maxBytes {
                return .failure(ReadFailure("larger than \(options.maxBytes) bytes; not read"))
            }
        }
    }
}

/// A file's identity, size and modification time, and whether that time is
/// a whole timestamp tick (2 s, FAT's; ext4 and tmpfs tick every few ms) in
/// the past: only then can no later write leave the same stamp.
struct FileStamp: Equatable {
    var device: UInt64, inode: UInt64, size: Int64, modified: Int64
    var isSettled: Bool

    init?(_ path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        device = UInt64(st.st_dev); inode = UInt64(st.st_ino); size = Int64(st.st_size)
        modified = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        isSettled = modified <= Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec) - 2_000_000_000
    }

    static func == (a: FileStamp, b: FileStamp) -> Bool {
        (a.device, a.inode, a.size, a.modified) == (b.device, b.inode, b.size, b.modified)
    }
}

/// Why the flag file could not be read; shown as the source's ✗.
struct ReadFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
