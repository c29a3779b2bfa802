import VigilSystem
/// `vigil backtest FILE.jsonl` (built-in default policy) beside
/// `jq -c .value FILE > /dev/null`, over the generated recording with a warm
/// page cache. Both are subprocesses timed by wall clock; the median of
/// `--repeat` runs is reported.
enum BacktestBench {
    static func run(_ options: Options) throws -> Figures {
        let file = try RecordingFile.throughput(options: options)
        let size = Double(file.bytes)
        let samples = Double(file.workload.samples)
        warmPageCache(file.path)

        // vigil and jq alternate, so that both see the same (shared, noisy) machine.
        progress("backtest: \(options.repeats) × (vigil backtest, jq -c .value) over \(file.path)")
        var vigilRuns: [ProcessRun] = []
        var jqRuns: [ProcessRun] = []
        for _ in 0..<options.repeats {
            let v = try runProcess([options.vigil, "backtest", file.path])
            guard v.exitStatus == 0 else { throw SpawnError(description: "vigil backtest exited with \(v.exitStatus)") }
            vigilRuns.append(v)
            let j = try runProcess(["jq", "-c", ".value", file.path])
            guard j.exitStatus == 0 else { throw SpawnError(description: "jq exited with \(j.exitStatus)") }
            jqRuns.append(j)
        }
        let vigil = median(vigilRuns.map(\.wall))
        let jq = median(jqRuns.map(\.wall))
        let ratio = jq / vigil
        let best = vigilRuns.min { $0.wall < $1.wall }!
        var f = Figure(
            name: "backtest throughput",
            measured: "\(fixed(vigil, 2)) s: \(fixed(size / vigil / 1e6, 0)) MB/s, \(si(samples / vigil))samples/s (\(fixed(ratio, 2))× jq)",
            reference: "jq -c .value: \(fixed(jq, 2)) s, \(fixed(size / jq / 1e6, 1)) MB/s",
            target: "≥ 10× jq",
            pass: ratio >= 10)
        f.notes.append("best vigil run \(fixed(best.wall, 2)) s = \(fixed(jq / best.wall, 1))× the median jq")
        f.notes.append("\(file.workload.samples) samples + \(file.workload.events) deploys, \(mib(file.bytes)), \(options.repeats) runs each, alternating, median; vigil runs \(vigilRuns.map { fixed($0.wall, 2) }.joined(separator: "/")) s, jq \(jqRuns.map { fixed($0.wall, 2) }.joined(separator: "/")) s")
        f.notes.append("fastest vigil run: user \(fixed(best.user, 2)) s, sys \(fixed(best.system, 2)) s (decoding and the two governors run on separate threads), max RSS \(mib(best.maxRSSKiB * 1024)); jq: user \(fixed(median(jqRuns.map(\.user)), 2)) s")
        return [f]
    }
}
