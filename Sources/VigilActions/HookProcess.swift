import Glibc
import VigilCore

/// posix_spawn plus one poll loop: feed stdin, drain output, enforce the
/// timeout. Foundation's Process cannot put the child in its own process
/// group (needed to kill a hook's children on timeout) and reads output
/// unbounded, hence this.
enum HookProcess {
    static func run(argv: [String], environment: [String: String], stdin: [UInt8], timeout: VigilCore.Duration,
                    maxLines: Int, maxBytes: Int) -> HookResult {
        guard let exe = argv.first, !exe.isEmpty else { return notStarted("empty argv") }

        // stdin is a socket so that feeding a hook that already exited gives
        // EPIPE (send with MSG_NOSIGNAL) instead of a SIGPIPE that would kill Vigil.
        var sv: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &sv) == 0 else {
            return notStarted("socketpair: \(String(cString: strerror(errno)))")
        }
        // Output is a socket too: SOCK_CLOEXEC is atomic where pipe2 is not
        // available to Swift, so no other spawn can inherit it.
        var out: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &out) == 0 else {
            close(sv[0]); close(sv[1])
            return notStarted("socketpair: \(String(cString: strerror(errno)))")
        }

        var pid: pid_t = 0
        let rc = spawn(&pid, argv: argv, environment: environment, stdin: sv[1], output: out[1])
        close(sv[1]); close(out[1])
        guard rc == 0 else {
            close(sv[0]); close(out[0])
            return notStarted("\(exe): \(String(cString: strerror(rc)))")
        }
        _ = fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK)
        _ = fcntl(out[0], F_SETFL, fcntl(out[0], F_GETFL) | O_NONBLOCK)

        var loop = Loop(pid: pid, stdinFD: sv[0], outFD: out[0], input: stdin,
                        deadline: monotonicMillis() + max(0, timeout.milliseconds), maxLines: maxLines, maxBytes: maxBytes)
        return loop.run()
    }

    private static func notStarted(_ why: String) -> HookResult {
        HookResult(exitStatus: 127, signal: nil, timedOut: false, outputHead: "", outputTruncated: false, spawnError: why)
    }

    /// posix_spawnp in a new process group with default signal handling and
    /// an empty signal mask (a TUI parent may have changed both).
    private static func spawn(_ pid: inout pid_t, argv: [String], environment: [String: String],
                              stdin: Int32, output: Int32) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        return posix_spawnp(&pid, argv[0], &actions, &attr, cArgs, cEnv)
    }
}

private struct Loop {
    let pid: pid_t
    var stdinFD: Int32
    var outFD: Int32
    let input: [UInt8]
    let deadline: Int64
    let maxLines: Int
    let maxBytes: Int

    var written = 0
    var head: [UInt8] = []
    var lines = 0
    var truncated = false
    var status: Int32?
    var timedOut = false
    var killAt: Int64?
    var drainUntil: Int64?

    init(pid: pid_t, stdinFD: Int32, outFD: Int32, input: [UInt8], deadline: Int64, maxLines: Int, maxBytes: Int) {
        self.pid = pid; self.stdinFD = stdinFD; self.outFD = outFD; self.input = input
        self.deadline = deadline; self.maxLines = maxLines; self.maxBytes = maxBytes
    }

    mutating func run() -> HookResult {
        if input.isEmpty { closeStdin() }
        while true {
            if status == nil { reap() }
            let now = monotonicMillis()
            if status != nil {
                // A grandchild may hold the output open; drain briefly, then stop.
                if outFD < 0 { break }
                if drainUntil == nil { drainUntil = now + 200 }
                if let d = drainUntil, now >= d { break }
            } else if now >= deadline, killAt == nil {
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
        if outFD >= 0 { close(outFD); outFD = -1 }
        let raw = status ?? 0
        let signal: Int32? = raw & 0x7f != 0 ? raw & 0x7f : nil
        let code = signal.map { 128 + $0 } ?? (raw >> 8) & 0xff
        return HookResult(exitStatus: code, signal: signal, timedOut: timedOut,
                          outputHead: String(decoding: head, as: UTF8.self), outputTruncated: truncated, spawnError: nil)
    }

    private mutating func reap() {
        var st: Int32 = 0
        let r = waitpid(pid, &st, WNOHANG)
        if r == pid { status = st } else if r < 0 && errno == ECHILD { status = 0 }
    }

    private mutating func pollOnce() {
        var fds: [pollfd] = []
        if outFD >= 0 { fds.append(pollfd(fd: outFD, events: Int16(POLLIN), revents: 0)) }
        if stdinFD >= 0 { fds.append(pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0)) }
        if fds.isEmpty { usleep(20_000); return }
        _ = poll(&fds, nfds_t(fds.count), 50)
        for f in fds where f.revents != 0 {
            if f.fd == outFD { readOutput() } else if f.fd == stdinFD { writeInput() }
        }
    }

    private mutating func readOutput() {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { read(outFD, $0.baseAddress, $0.count) }
        if n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) { close(outFD); outFD = -1; return }
        guard n > 0 else { return }
        // Keep the head only; everything after is read and dropped.
        for b in chunk[0..<n] {
            if truncated { break }
            if head.count >= maxBytes || lines >= maxLines { truncated = true; break }
            head.append(b)
            if b == 0x0A { lines += 1 }
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

func monotonicMillis() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
}
