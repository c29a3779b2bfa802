#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where one of a child's standard descriptors comes from or goes to.
public enum Redirect: Sendable, Hashable {
    case inherit
    case null
    /// A file, created with mode 0600 when written to.
    case path(String, append: Bool = false)
    /// A descriptor of the parent, duplicated into the child.
    case descriptor(Int32)
    /// For stderr: wherever stdout goes.
    case standardOutput
}

public struct SpawnError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(description: String) { self.description = description }
}

/// How a child ended, from its raw wait status.
public struct ExitStatus: Sendable, Hashable {
    public var raw: Int32

    public init(raw: Int32) { self.raw = raw }

    /// The signal that ended it, if one did.
    public var signal: Int32? { raw & 0x7f != 0 ? raw & 0x7f : nil }
    /// The exit code, or 128 + the signal, as shells report it.
    public var code: Int32 { signal.map { 128 + $0 } ?? (raw >> 8) & 0xff }
}

/// The one way the package starts a program: posix_spawnp, never a shell.
///
/// argv goes to the program as it is (PATH lookup when argv[0] has no
/// slash), so nothing in it is ever interpreted. Every child starts with
/// default signal actions and an empty signal mask (a TUI parent and test
/// threads change both; a child that inherits a blocked SIGTERM cannot be
/// stopped) and with only the descriptors it is given: everything from 3 up
/// is closed, so a child cannot hold the ledger's lock or keep a pipe of
/// ours open after we are done with it.
public enum ChildProcess {
    /// Starts `argv` and returns its pid; the caller waits for it with `wait`.
    /// `environment` nil passes ours on unchanged.
    public static func start(_ argv: [String], environment: [String: String]? = nil,
                             stdin: Redirect = .null, stdout: Redirect = .inherit, stderr: Redirect = .inherit,
                             directory: String? = nil, newProcessGroup: Bool = false) throws(SpawnError) -> pid_t {
        guard let exe = argv.first, !exe.isEmpty else { throw SpawnError(description: "empty argv") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        func apply(_ r: Redirect, to target: Int32) {
            switch r {
            case .inherit: break
            case .null: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            case .path(let p, let append):
                let flags = target == 0 ? O_RDONLY : (O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC))
                posix_spawn_file_actions_addopen(&actions, target, p, flags, 0o600)
            case .descriptor(let fd): posix_spawn_file_actions_adddup2(&actions, fd, target)
            case .standardOutput: posix_spawn_file_actions_adddup2(&actions, 1, target)
            }
        }
        apply(stdin, to: 0)
        apply(stdout, to: 1)
        apply(stderr, to: 2)
        closeInheritedDescriptors(&actions)
        if let directory {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else {
                throw SpawnError(description: "\(exe): this C library cannot start a program in another directory")
            }
            typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
            _ = directory.withCString { unsafeBitCast(symbol, to: AddChdir.self)(&actions, $0) }
        }

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setsigmask(&attr, &none)
        var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        if newProcessGroup {
            posix_spawnattr_setpgroup(&attr, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attr, Int16(flags))

        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        let rc: Int32
        if let environment {
            let cEnv = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { cEnv.forEach { free($0) } }
            rc = posix_spawnp(&pid, exe, &actions, &attr, cArgs, cEnv)
        } else {
            rc = posix_spawnp(&pid, exe, &actions, &attr, cArgs, environ)
        }
        guard rc == 0 else { throw SpawnError(description: "\(exe): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Waits for `pid` to end (through EINTR).
    public static func wait(_ pid: pid_t) -> ExitStatus {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return ExitStatus(raw: 0) }
        }
        return ExitStatus(raw: status)
    }

    /// At most this much of a stream is kept; the rest is read and dropped,
    /// so a chatty child can neither block on a full pipe nor fill our memory.
    public struct OutputLimit: Sendable {
        public var lines: Int
        public var bytes: Int
        public init(lines: Int, bytes: Int) { self.lines = lines; self.bytes = bytes }
        public static let unlimited = OutputLimit(lines: .max, bytes: .max)
    }

    /// What happens to a `run` child's stderr.
    public enum ErrorOutput: Sendable {
        /// Into the captured stdout, in the order written.
        case merged
        /// Captured on its own (`Completed.errorOutput`).
        case captured
    }

    public struct Completed: Sendable {
        public var status: ExitStatus
        /// The timeout passed and the child's process group was killed.
        public var timedOut: Bool
        /// The head of stdout (and of stderr when merged), within the limit.
        public var output: [UInt8]
        public var outputTruncated: Bool
        /// The head of stderr when captured on its own.
        public var errorOutput: [UInt8]
    }

    /// Runs `argv` to its end in a process group of its own: feeds it
    /// `input`, keeps the head of its output, and on `timeoutMillis` sends
    /// the group SIGTERM, then SIGKILL a second later, so a child's children
    /// die with it.
    public static func run(_ argv: [String], environment: [String: String]? = nil, input: [UInt8] = [],
                           directory: String? = nil, timeoutMillis: Int64? = nil, limit: OutputLimit = .unlimited,
                           stderr: ErrorOutput = .merged) throws(SpawnError) -> Completed {
        // stdin is a socket so that feeding a child that already exited gives
        // EPIPE (send with MSG_NOSIGNAL) instead of a SIGPIPE that would kill
        // us. Output goes through sockets too: SOCK_CLOEXEC is atomic where
        // pipe2 is not available to Swift, so no other spawn can inherit them.
        var sockets: [[Int32]] = []
        for _ in 0..<(stderr == .captured ? 3 : 2) {
            var pair: [Int32] = [-1, -1]
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
                let why = String(cString: strerror(errno))
                for p in sockets { close(p[0]); close(p[1]) }
                throw SpawnError(description: "socketpair: \(why)")
            }
            sockets.append(pair)
        }
        let pid: pid_t
        do {
            defer { for p in sockets { close(p[1]) } } // the child's ends: ours must go for EOF to come
            pid = try start(argv, environment: environment, stdin: .descriptor(sockets[0][1]),
                            stdout: .descriptor(sockets[1][1]),
                            stderr: stderr == .captured ? .descriptor(sockets[2][1]) : .standardOutput,
                            directory: directory, newProcessGroup: true)
        } catch {
            for p in sockets { close(p[0]) }
            throw error
        }
        for p in sockets { _ = fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK) }
        var loop = RunLoop(pid: pid, stdinFD: sockets[0][0], streams: sockets.dropFirst().map { Stream(fd: $0[0]) },
                           input: input, limit: limit,
                           deadline: timeoutMillis.map { MonotonicClock.nowMillis() + max(0, $0) })
        return loop.run()
    }
}

/// Adds "close every descriptor from 3 up" to `actions`: glibc's
/// `posix_spawn_file_actions_addclosefrom_np` when it exists (Swift does not
/// import it), else one close per descriptor open now.
private func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        return
    }
    guard let dir = opendir("/proc/self/fd") else { return }
    defer { closedir(dir) }
    let own = dirfd(dir)
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if let fd = Int32(name), fd >= 3, fd != own { posix_spawn_file_actions_addclose(&actions, fd) }
    }
}

private struct Stream {
    var fd: Int32
    var head: [UInt8] = []
    var lines = 0
    var truncated = false
}

/// One poll loop: feed stdin, drain the outputs, enforce the deadline.
private struct RunLoop {
    let pid: pid_t
    var stdinFD: Int32
    var streams: [Stream]
    let input: [UInt8]
    let limit: ChildProcess.OutputLimit
    let deadline: Int64?

    var written = 0
    var status: Int32?
    var timedOut = false
    var killAt: Int64?
    var drainUntil: Int64?

    init(pid: pid_t, stdinFD: Int32, streams: [Stream], input: [UInt8], limit: ChildProcess.OutputLimit, deadline: Int64?) {
        self.pid = pid; self.stdinFD = stdinFD; self.streams = streams; self.input = input
        self.limit = limit; self.deadline = deadline
    }

    mutating func run() -> ChildProcess.Completed {
        if input.isEmpty { closeStdin() }
        while true {
            if status == nil { reap() }
            let now = MonotonicClock.nowMillis()
            if status != nil {
                // A grandchild may hold the output open; drain briefly, then stop.
                if streams.allSatisfy({ $0.fd < 0 }) { break }
                if drainUntil == nil { drainUntil = now + 200 }
                if let d = drainUntil, now >= d { break }
            } else if let deadline, now >= deadline, killAt == nil {
                timedOut = true
                kill(-pid, SIGTERM)
                killAt = now + 1000
            } else if let k = killAt, now >= k {
                kill(-pid, SIGKILL)
                killAt = .max
            }
            pollOnce()
        }
        // The leader may have died of SIGTERM while a child that ignores it
        // lives on; after a timeout nothing of the group may survive. (The
        // group id cannot have been reused while any member is alive.)
        if timedOut { kill(-pid, SIGKILL) }
        closeStdin()
        for i in streams.indices where streams[i].fd >= 0 { close(streams[i].fd); streams[i].fd = -1 }
        return ChildProcess.Completed(status: ExitStatus(raw: status ?? 0), timedOut: timedOut,
                                      output: streams[0].head, outputTruncated: streams[0].truncated,
                                      errorOutput: streams.count > 1 ? streams[1].head : [])
    }

    private mutating func reap() {
        var st: Int32 = 0
        let r = waitpid(pid, &st, WNOHANG)
        if r == pid { status = st } else if r < 0 && errno == ECHILD { status = 0 }
    }

    private mutating func pollOnce() {
        var fds: [pollfd] = streams.filter { $0.fd >= 0 }.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        if stdinFD >= 0 { fds.append(pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0)) }
        if fds.isEmpty { usleep(20_000); return }
        _ = poll(&fds, nfds_t(fds.count), 50)
        for f in fds where f.revents != 0 {
            if f.fd == stdinFD { writeInput() } else if let i = streams.firstIndex(where: { $0.fd == f.fd }) { readOutput(i) }
        }
    }

    private mutating func readOutput(_ i: Int) {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { read(streams[i].fd, $0.baseAddress, $0.count) }
        if n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) { close(streams[i].fd); streams[i].fd = -1; return }
        guard n > 0 else { return }
        // Keep the head only; everything after is read and dropped.
        for b in chunk[0..<n] {
            if streams[i].truncated { break }
            if streams[i].head.count >= limit.bytes || streams[i].lines >= limit.lines { streams[i].truncated = true; break }
            streams[i].head.append(b)
            if b == 0x0A { streams[i].lines += 1 }
        }
    }

    private mutating func writeInput() {
        let n = input.withUnsafeBytes { buf -> Int in
            guard let base = buf.baseAddress else { return 0 }
            return send(stdinFD, base + written, buf.count - written, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
        }
        if n > 0 { written += n }
        if written >= input.count || (n < 0 && errno != EAGAIN && errno != EINTR) { closeStdin() }
    }

    private mutating func closeStdin() {
        if stdinFD >= 0 { close(stdinFD); stdinFD = -1 }
    }
}
