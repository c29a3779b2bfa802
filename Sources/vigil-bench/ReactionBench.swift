#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import VigilSystem
import VigilCore
import VigilIngest
import VigilTestSupport

/// A live `vigil watch --headless` tails a file; each trial appends one line
/// (one write(2) with O_APPEND) whose error rate crosses the threshold for a
/// deployment never seen before, so every trial is a new failure that opens
/// a new proposal. Latency runs from just before the write to the moment the
/// proposal's line has been read from the watcher's stdout pipe.
enum ReactionBench {
    static let policy = """
    # vigil-bench reaction latency: one threshold, held for 0 s.
    name: reaction-bench
    group_by: deployment
    escalate_after: never
    sources: [metrics.jsonl]
    signals:
      - name: error-rate
        metric: errors.rate
        family: infrastructure
        critical: true
        detector: {type: threshold, value: 0.05, direction: higher_is_worse, for: 0s}
      - name: policy-accuracy
        metric: quality.policy_accuracy
        family: quality
        detector: {type: canary, direction: lower_is_worse}

    """

    static func run(_ options: Options) throws -> Figures {
        let trials = options.quick ? min(options.reactionTrials, 50) : options.reactionTrials
        let dir = NSTemporaryDirectory() + "vigil-bench-reaction-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try policy.write(toFile: dir + "/vigil.yaml", atomically: true, encoding: .utf8)
        // Some history in the file; the watcher starts at its end.
        let w = Workload(tickMillis: 1000, ticks: 60)
        try RecordingFile.write(w, to: dir + "/metrics.jsonl")

        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SpawnError(description: "pipe failed") }
        let pid = try ChildProcess.start([options.vigil, "watch", "--headless", "--config", dir + "/vigil.yaml"],
                            stdout: .descriptor(fds[1]), stderr: .path(dir + "/stderr.txt"))
        close(fds[1])
        var reader = LineReader(fd: fds[0])
        defer {
            kill(pid, SIGTERM)
            _ = waitFor(pid, startedAt: MonotonicClock.nowNanos())
            close(fds[0])
        }
        let appender = open(dir + "/metrics.jsonl", O_WRONLY | O_APPEND | O_CLOEXEC)
        guard appender >= 0 else { throw SpawnError(description: "cannot append to the metrics file") }
        defer { close(appender) }

        var eventMillis = Workload.start.milliseconds + 3_600_000
        var label = 0
        /// Appends a breach for a new deployment; returns (alert, proposal) latencies in seconds.
        func trial(timeout: Int32) throws -> (Double, Double)? {
            label += 1
            eventMillis += 100
            let group = "rollout-\(label)"
            let line = encodeNativeLine(.sample(Sample(
                time: EventTime(milliseconds: eventMillis), metric: "errors.rate", value: 0.42,
                labels: Labels(["deployment": group, "variant": "canary"])))) + "\n"
            let bytes = Array(line.utf8)
            let start = MonotonicClock.nowNanos()
            guard bytes.withUnsafeBytes({ write(appender, $0.baseAddress, $0.count) }) == bytes.count else {
                throw SpawnError(description: "short write to the metrics file")
            }
            var alert: Double?
            let needle = "\"group\":\"\(group)\""
            while true {
                guard let l = try reader.next(timeoutMillis: timeout) else { return nil }
                let now = Double(MonotonicClock.nowNanos() - start) / 1e9
                guard l.contains(needle) else { continue }
                if l.contains("\"type\":\"alert\"") { alert = now }
                if l.contains("\"type\":\"proposal\"") { return (alert ?? now, now) }
            }
        }

        // Wait until the watcher is following the file: retry until a breach is answered.
        progress("reaction: waiting for vigil watch (pid \(pid)) to follow the file")
        var ready = false
        for _ in 0..<40 where !ready {
            ready = try trial(timeout: 250) != nil
        }
        guard ready else {
            let err = (readText(dir + "/stderr.txt") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            throw SpawnError(description: "vigil watch never answered a breach\(err.isEmpty ? "" : ": " + err)")
        }
        for _ in 0..<10 { _ = try trial(timeout: 2000) }   // warm-up, not counted

        progress("reaction: \(trials) trials")
        var rng = SplitMix64(seed: 42)
        var proposals: [Double] = []
        var alerts: [Double] = []
        var timeouts = 0
        for _ in 0..<trials {
            // A pause between trials (5–25 ms) so each starts from an idle watcher.
            usleep(UInt32(5_000 + rng.uniform() * 20_000))
            if let (a, p) = try trial(timeout: 2000) {
                alerts.append(a)
                proposals.append(p)
            } else {
                timeouts += 1
            }
        }
        guard !proposals.isEmpty else { throw SpawnError(description: "no trial was answered") }
        let p50 = percentile(proposals, 50), p99 = percentile(proposals, 99)
        var f = Figure(
            name: "reaction latency",
            measured: "p50 \(milliseconds(p50)), p99 \(milliseconds(p99)), max \(milliseconds(proposals.max()!))",
            reference: "CloudWatch alarms 10–60 s, Flagger 60 s",
            target: "p50 < 10 ms, p99 < 50 ms",
            pass: timeouts == 0 && p50 < 0.010 && p99 < 0.050)
        f.notes.append("\(proposals.count) trials answered, \(timeouts) timed out (2 s); append → proposal line on stdout; the alert line comes first: p50 \(milliseconds(percentile(alerts, 50))), p99 \(milliseconds(percentile(alerts, 99)))")
        f.notes.append("inotify wake-up → tailer read and decode → engine queue → Governor → headless printer (stdout flushed per line)")
        return [f]
    }
}

/// Reads lines from a pipe with a timeout.
struct LineReader {
    let fd: Int32
    private var pending: [UInt8] = []
    init(fd: Int32) { self.fd = fd }

    mutating func next(timeoutMillis: Int32) throws -> String? {
        let deadline = MonotonicClock.nowNanos() + UInt64(timeoutMillis) * 1_000_000
        while true {
            if let nl = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<nl], as: UTF8.self)
                pending.removeSubrange(...nl)
                return line
            }
            let now = MonotonicClock.nowNanos()
            guard now < deadline else { return nil }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let rc = poll(&p, 1, Int32((deadline - now) / 1_000_000) + 1)
            if rc < 0 { if errno == EINTR { continue }; throw SpawnError(description: "poll failed") }
            if rc == 0 { return nil }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = read(fd, &chunk, chunk.count)
            if n < 0 { if errno == EINTR { continue }; throw SpawnError(description: "read failed") }
            if n == 0 { throw SpawnError(description: "vigil watch closed its output (it exited)") }
            pending.append(contentsOf: chunk[0..<n])
        }
    }
}
