#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import VigilCore
import VigilIngest
import VigilSystem

/// A `vigil watch --headless --from-start` catching up the bench recording:
/// the tailer's one-core reader and the live engine, the path a watch takes
/// after a restart on a file that grew while it was down. The recording is
/// copied beside a policy and one last line is appended: a breach for a
/// deployment seen nowhere else, so its proposal on stdout says the watch
/// has read and judged everything before it. Beside it, `vigil backtest` of
/// the same folder (same policy, same lines).
enum CatchUpBench {
    /// The reaction figure's policy (an error-rate floor and a canary) and
    /// more of what the default policy judges the recording's families by:
    /// a shape, a trend, a second canary, a before/after.
    static let policy = ReactionBench.policy + """
      - name: policy-accuracy-shape
        metric: quality.policy_accuracy
        family: quality
        detector: {type: psi, threshold: 0.25}
      - name: policy-accuracy-trend
        metric: quality.policy_accuracy
        family: quality
        detector: {type: cusum, direction: lower_is_worse}
      - name: judge-score
        metric: quality.judge_score
        family: quality
        detector: {type: canary, direction: lower_is_worse}
      - name: latency-change
        metric: latency.p95_ms
        family: infrastructure
        detector: {type: before_after, direction: higher_is_worse}

    """

    static func run(_ options: Options) throws -> Figures {
        let file = try RecordingFile.throughput(options: options)
        let dir = NSTemporaryDirectory() + "vigil-bench-catch-up-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try policy.write(toFile: dir + "/vigil.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: file.path, toPath: dir + "/metrics.jsonl")
        let sentinel = "catch-up-sentinel"
        let last = encodeNativeLine(.sample(Sample(
            time: EventTime.utc(year: 2027, month: 1, day: 1), metric: "errors.rate", value: 0.42,
            labels: Labels(["deployment": sentinel, "variant": "canary"])))) + "\n"
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/metrics.jsonl"))
        try h.seekToEnd()
        try h.write(contentsOf: Data(last.utf8))
        try h.close()
        warmPageCache(dir + "/metrics.jsonl")

        progress("catch-up: \(options.repeats) × (vigil watch --from-start until its last line is judged, vigil backtest)")
        var watchRuns: [ProcessRun] = []
        var backtestRuns: [ProcessRun] = []
        for _ in 0..<options.repeats {
            try? FileManager.default.removeItem(atPath: dir + "/vigil-ledger.jsonl")
            watchRuns.append(try catchUp(options, dir: dir, until: "\"group\":\"\(sentinel)\""))
            let b = try runProcess([options.vigil, "backtest", dir])
            guard b.exitStatus == 0 || b.exitStatus == 1 else {
                throw SpawnError(description: "vigil backtest exited with \(b.exitStatus)")
            }
            backtestRuns.append(b)
        }
        let watch = median(watchRuns.map(\.wall))
        let backtest = median(backtestRuns.map(\.wall))
        let lines = Double(file.workload.samples + file.workload.events + 1)
        var f = Figure(
            name: "watch catch-up (one-core reader + engine)",
            measured: "\(fixed(watch, 2)) s, \(si(lines / watch))lines/s; CPU \(fixed(median(watchRuns.map { $0.user + $0.system }), 2)) s",
            reference: "vigil backtest of the same: \(fixed(backtest, 2)) s",
            target: "(shown)",
            pass: nil)
        f.notes.append("\(mib(file.bytes)) recording + 1 line; from start to the last line's proposal on stdout; runs \(watchRuns.map { fixed($0.wall, 2) }.joined(separator: "/")) s, backtest \(backtestRuns.map { fixed($0.wall, 2) }.joined(separator: "/")) s")
        return [f]
    }

    /// Starts a watch on `dir` from the file's start; returns when a stdout
    /// line holds `needle`, with the process's times (stopped right then).
    static func catchUp(_ options: Options, dir: String, until needle: String) throws -> ProcessRun {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SpawnError(description: "pipe failed") }
        let start = MonotonicClock.nowNanos()
        let pid = try ChildProcess.start([options.vigil, "watch", "--headless", "--from-start", "--config", dir + "/vigil.yaml"],
                                         stdout: .descriptor(fds[1]), stderr: .path(dir + "/stderr.txt"))
        close(fds[1])
        defer { close(fds[0]) }
        var reader = LineReader(fd: fds[0])
        var caughtUp: UInt64?
        while caughtUp == nil {
            guard let line = try reader.next(timeoutMillis: 300_000) else { break }
            if line.contains(needle) { caughtUp = MonotonicClock.nowNanos() }
        }
        kill(pid, SIGTERM)
        var run = waitFor(pid, startedAt: start)
        guard let caughtUp else {
            let err = (readText(dir + "/stderr.txt") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            throw SpawnError(description: "vigil watch never judged the last line\(err.isEmpty ? "" : ": " + err)")
        }
        run.wall = Double(caughtUp - start) / 1e9
        return run
    }
}
