import Foundation
import VigilTestSupport

/// Drives a real terminal: one private tmux server and session per test.
///
/// Each instance runs its own server (`tmux -L <name> -f /dev/null`), so a
/// test never sees another test's or a person's sessions, global options or
/// environment (a shared server keeps the environment of whoever started it,
/// NO_COLOR included), and `kill()` ends exactly what it started.
struct Tmux {
    let name: String

    init(width: Int = 160, height: Int = 48) throws {
        name = "vigil-e2e-\(UUID().uuidString.prefix(8))"
        try run(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", "-e", "PS1=$ ", "bash", "--norc", "--noprofile"])
    }

    func type(_ text: String) throws { try run(["send-keys", "-t", name, "-l", text]) }
    func press(_ key: String) throws { try run(["send-keys", "-t", name, key]) }
    func line(_ command: String) throws { try type(command); try press("Enter") }

    /// The visible screen as text (`escapes`: with colour escape sequences).
    func capture(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
    }

    func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// A tmux format for this pane, e.g. `#{pane_title}`.
    func display(_ format: String) throws -> String {
        try run(["display-message", "-p", "-t", name, format]).trimmingCharacters(in: .newlines)
    }

    /// Polls the screen until `predicate` holds or `seconds` pass; returns the last capture.
    @discardableResult
    func waitFor(_ seconds: Double, _ what: String, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try capture()
            if predicate(last) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw E2EError("timed out after \(seconds)s waiting for \(what); screen was:\n\(last)")
    }

    /// Waits for the shell to print `VIGIL-EXIT=0` (every test starts vigil
    /// as `vigil …; echo VIGIL-EXIT=$?`): Vigil quit cleanly. Returns the screen.
    @discardableResult
    func waitForCleanExit(_ seconds: Double = 10, _ what: String = "the shell") throws -> String {
        try waitFor(seconds, what) { $0.contains("VIGIL-EXIT=0") }
    }

    /// Ends this test's server, its session and whatever still runs in it,
    /// and removes the server's socket.
    func kill() {
        _ = try? run(["kill-server"])
        let dir = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(dir)/tmux-\(getuid())/\(name)")
    }

    @discardableResult
    func run(_ args: [String]) throws -> String {
        try Self.run(["-L", name, "-f", "/dev/null"] + args)
    }

    /// Runs the tmux client and returns what it printed.
    ///
    /// Not with Foundation's `Process`: the first client of a server forks
    /// the server, which keeps every descriptor the client inherited, and
    /// `Process` learns that its child exited from one of those (on Linux),
    /// so it would wait forever. Here the child gets only /dev/null and an
    /// output file (`closefrom(3)`), an empty signal mask and default signal
    /// actions (test threads block most signals, and a tmux server that
    /// inherits a blocked SIGTERM ignores `kill-server`), and is reaped with
    /// `waitpid`.
    @discardableResult
    static func run(_ args: [String]) throws -> String {
        let outPath = NSTemporaryDirectory() + "vigil-tmux-\(UUID().uuidString).out"
        defer { unlink(outPath) }
        let argv = ["tmux"] + args
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        closeInheritedDescriptors(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "tmux", &actions, &attributes, cArgs, environ)
        guard rc == 0 else { throw E2EError("cannot start tmux: \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw E2EError("waitpid(tmux): \(String(cString: strerror(errno)))") }
        }
        let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let exited = status & 0x7F == 0
        guard exited, (status >> 8) & 0xFF == 0 else { throw E2EError("tmux \(args.first ?? ""): \(text)") }
        return text
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
    let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    for fd in open.compactMap(Int32.init) where fd >= 3 { posix_spawn_file_actions_addclose(&actions, fd) }
}

struct E2EError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// The `vigil` binary built beside this test bundle.
func vigilBinary() throws -> String {
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var dir = exe.deletingLastPathComponent()
    // macOS runs tests from inside an .xctest bundle.
    while dir.pathExtension == "xctest" || dir.lastPathComponent == "MacOS" || dir.lastPathComponent == "Contents" {
        dir.deleteLastPathComponent()
    }
    for candidate in [dir.appendingPathComponent("vigil").path, packageRoot + "/.build/debug/vigil"]
    where FileManager.default.isExecutableFile(atPath: candidate) {
        return candidate
    }
    throw E2EError("the vigil binary was not found beside the tests (\(dir.path)); run `swift build` first")
}

func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// `y` is ignored until its proposal has been on screen for 0.5 s
/// (`ViewState.confirmGuardMillis`). Call it once a capture shows the
/// proposal: the dashboard saw the proposal before it drew it, so after this
/// much wall time its monotonic clock is past the guard. A lower bound that
/// always holds, not a guess at how long something takes.
func waitOutTheConfirmationGuard() {
    Thread.sleep(forTimeInterval: 0.8)
}

func waitUntil(_ seconds: Double, _ what: String, _ predicate: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if predicate() { return }
        Thread.sleep(forTimeInterval: 0.1)
    }
    throw E2EError("timed out after \(seconds)s waiting for \(what)")
}

/// Starts the demo in `tmux`'s shell from the package root; `env` prefixes
/// the command (e.g. `NO_COLOR=1`; empty: the shell's own environment).
func startDemo(_ tmux: Tmux, state: String, env: String = "env -u NO_COLOR", options: String = "") throws {
    let vigil = try vigilBinary()
    try tmux.line("cd \(shellQuote(packageRoot)) && \(env) \(shellQuote(vigil)) demo --speed 120 --state-dir \(shellQuote(state)) \(options); echo VIGIL-EXIT=$?")
}
