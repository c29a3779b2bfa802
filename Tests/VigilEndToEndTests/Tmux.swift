import Foundation
import VigilSystem
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
    /// Several keys in one `send-keys`, so they reach the program together
    /// (typed ahead): tmux key names (`Enter`) or literal text.
    func keys(_ keys: String...) throws { try run(["send-keys", "-t", name] + keys) }
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

    /// Presses `q` and waits for Vigil to exit. When Vigil asks first (a
    /// page or an action is still running, e.g. the demo's escalation hook
    /// at the moment the key lands), answers as a person would: `q` again.
    @discardableResult
    func quitVigil(_ seconds: Double = 10, _ what: String = "the shell") throws -> String {
        try type("q")
        let screen = try waitFor(seconds, "Vigil to quit or to ask") {
            $0.contains("VIGIL-EXIT=") || $0.contains("press q again")
        }
        if !screen.contains("VIGIL-EXIT=") { try type("q") }
        return try waitForCleanExit(seconds, what)
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
    /// Not with Foundation's `Process`, nor with a captured pipe: the first
    /// client of a server forks the server, which keeps every descriptor the
    /// client inherited, so a reader waiting for end of output would wait
    /// forever. Here the child gets only /dev/null and an output file, and
    /// ChildProcess resets the signal mask and actions (test threads block
    /// most signals, and a tmux server that inherits a blocked SIGTERM
    /// ignores `kill-server`).
    @discardableResult
    static func run(_ args: [String]) throws -> String {
        let outPath = NSTemporaryDirectory() + "vigil-tmux-\(UUID().uuidString).out"
        defer { unlink(outPath) }
        let status: ExitStatus
        do {
            status = ChildProcess.wait(try ChildProcess.start(["tmux"] + args, stdout: .path(outPath),
                                                              stderr: .standardOutput))
        } catch { throw E2EError("cannot start tmux: \(error)") }
        let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        guard status.code == 0 else { throw E2EError("tmux \(args.first ?? ""): \(text)") }
        return text
    }
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

/// y, n and s are ignored until their proposal has been on screen for 0.5 s
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
