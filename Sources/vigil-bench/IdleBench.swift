#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import VigilSystem

/// The dashboard open in a terminal (tmux, 200×60, on a private tmux
/// socket) with no new data and no keys. Two dashboards are watched side by
/// side: `vigil watch` on a file that stops growing, and `vigil demo` after
/// its replay has finished. After they settle, the window's CPU ticks
/// (utime + stime from /proc/PID/stat), bytes written (wchar: any redraw that
/// changes a cell writes to the terminal) and wake-ups (context switches of
/// the UI thread and of the whole process) are counted.
///
/// A watch's event time runs on with the wall clock once its sources are
/// silent (docs/decisions/0014-live-time.md), so its clock and the ages of
/// its signals change every second and it redraws those cells once a
/// second: it is judged on CPU and on at most one UI wake-up a second. A
/// finished replay's time stands still: it must not redraw at all.
enum IdleBench {
    static func run(_ options: Options) throws -> Figures {
        let window = options.idleSeconds ?? (options.quick ? 10 : 60)
        let dir = NSTemporaryDirectory() + "vigil-bench-idle-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try (ReplayDayBench.policyText + "sources: [metrics.jsonl]\n")
            .write(toFile: dir + "/vigil.yaml", atomically: true, encoding: .utf8)
        // 20 minutes of the fleet: enough for full sparklines and a proposal on screen.
        let w = Workload(tickMillis: 1000, ticks: 1200)
        try RecordingFile.write(w, to: dir + "/metrics.jsonl")

        let socket = "vigil-bench-\(getpid())"
        let tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
        // (label, tmux session, command, whether its clock runs while idle)
        let sessions = [
            ("vigil watch", "watch", "exec \(options.vigil) watch --config \(dir)/vigil.yaml --from-start --read-only", true),
            ("vigil demo", "demo", "exec \(options.vigil) demo --speed 100000 --state-dir \(dir)/demo-state --read-only", false),
        ]
        defer { _ = try? runProcess(tmux + ["kill-server"], stderr: .null) }
        var pids: [pid_t] = []
        for (_, name, command, _) in sessions {
            let r = try runProcess(tmux + ["new-session", "-d", "-s", name, "-x", "200", "-y", "60", command])
            guard r.exitStatus == 0 else { throw SpawnError(description: "tmux new-session failed (\(r.exitStatus))") }
            let out = try capture(tmux + ["list-panes", "-t", name, "-F", "#{pane_pid}"]).output
            guard let pid = pid_t(out.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw SpawnError(description: "no pane pid for \(name)")
            }
            pids.append(pid)
        }

        progress("idle: waiting for the dashboards (pids \(pids.map(String.init).joined(separator: ", "))) to settle")
        for (i, (label, name, _, _)) in sessions.enumerated() {
            // The header's breadcrumb: the dashboard is drawn.
            let deadline = MonotonicClock.nowNanos() + 60_000_000_000
            var screen = ""
            while MonotonicClock.nowNanos() < deadline {
                screen = try capture(tmux + ["capture-pane", "-p", "-t", name]).output
                if screen.contains("Vigil ›") { break }
                usleep(250_000)
            }
            guard screen.contains("Vigil ›") else {
                throw SpawnError(description: "\(label) (pid \(pids[i])) shows no dashboard:\n\(screen.prefix(400))")
            }
        }
        // Start-up notices ("replay finished", …) expire after 6 s on their
        // own row (decision 0020): one last redraw each, not idle cost.
        usleep(7_000_000)
        try settle(pids)

        progress("idle: \(fixed(window, 0)) s with no data and no keys")
        let before = pids.map(Counters.init)
        usleep(UInt32(window * 1_000_000))
        let after = pids.map(Counters.init)

        var figures: [Figure] = []
        for (i, (label, _, _, ticking)) in sessions.enumerated() {
            let (a, b) = (before[i], after[i])
            guard a.alive, b.alive else { throw SpawnError(description: "\(label) exited during the idle window") }
            let cpu = Double(b.ticks - a.ticks) / clockTicksPerSecond / window * 100
            let written = b.written - a.written
            let uiWakeups = (b.switches[String(pids[i])] ?? 0) - (a.switches[String(pids[i])] ?? 0)
            // A running clock redraws once a second: the wake-up, and the
            // write to the terminal that may block on the pty, are about two
            // context switches of the UI thread a second.
            let wakeupLimit = ticking ? Int(window * 2.2) + 2 : 0
            var f = Figure(
                name: "idle cost (\(label))",
                measured: "\(fixed(cpu, 2))% of a core; \(written) bytes to the terminal (\(fixed(Double(written) / window, 0)) B/s), \(uiWakeups) UI wake-ups",
                reference: "—",
                target: ticking ? "< 0.5% of a core, ≤ 1 redraw a second (its clock runs)" : "< 0.5% of a core, no redraws",
                pass: cpu < 0.5 && uiWakeups <= wakeupLimit && (ticking || written == 0))
            f.notes.append("\(fixed(window, 0)) s in tmux 200×60: \(b.ticks - a.ticks) CPU ticks of \(Int(clockTicksPerSecond))/s, \(b.writes - a.writes) write calls, \(wakeups(from: a.switches, to: b.switches)) wake-ups over all threads (\(b.switches.count) threads; the tailer's 2 s safety re-check included)")
            figures.append(f)
        }
        return figures
    }

    /// Per-process counters at one moment.
    struct Counters {
        var alive: Bool
        var ticks: Int
        var written: Int
        var writes: Int
        var switches: [String: Int]
        init(_ pid: pid_t) {
            let io = writeCounters(pid), cpu = cpuTicks(pid)
            alive = cpu != nil && io != nil
            ticks = cpu ?? 0
            written = io?.bytes ?? 0
            writes = io?.calls ?? 0
            switches = contextSwitches(pid)
        }
    }

    /// Waits until start-up is over: no process used more than one CPU tick
    /// in 2 s (a running clock's redraw costs a tick every few seconds), at
    /// most 60 s.
    static func settle(_ pids: [pid_t]) throws {
        var window: [[Int]] = []
        let deadline = MonotonicClock.nowNanos() + 60_000_000_000
        while MonotonicClock.nowNanos() < deadline {
            usleep(250_000)
            let now = pids.map { cpuTicks($0) ?? -1 }
            if now.contains(where: { $0 < 0 }) { throw SpawnError(description: "a dashboard exited while starting") }
            window.append(now)
            guard window.count > 8 else { continue }
            window.removeFirst()
            if zip(window.first!, window.last!).allSatisfy({ $1 - $0 <= 1 }) { return }
        }
        throw SpawnError(description: "the dashboards never settled (more than one CPU tick in every 2 s for 60 s)")
    }
}

