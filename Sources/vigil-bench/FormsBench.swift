import Foundation
import VigilSystem

/// The backtest figure on every form producers write (issue 19): each
/// native form backtested (`vigil backtest`), Prometheus text and OTLP JSON
/// read by `vigil parse --format … > /dev/null` (a backtest reads native
/// recordings only), each beside `jq -c .value` over its own file (over
/// the compact ISO file for Prometheus text, which jq cannot read). All
/// runs alternate form by form within each round, so every ratio is of two
/// medians taken on the same (shared, noisy) machine.
///
/// Each native form is also backtested with an error-rate floor alone (one
/// threshold, as `fixtures/error-rate-only.yaml`): what reading the form
/// costs, apart from the default policy's detection (decision 0032).
enum FormsBench {
    static let floorPolicy = """
    # vigil-bench forms: an error-rate floor alone, to time reading apart from detection.
    name: forms-floor
    group_by: deployment
    signals:
      - name: error-rate
        metric: errors.rate
        family: infrastructure
        detector: {type: threshold, value: 0.05, direction: higher_is_worse, for: 1m}

    """

    static func run(_ options: Options) throws -> Figures {
        let files = try RecordingForm.allCases.map { ($0, try $0.file(options: options)) }
        let floor = NSTemporaryDirectory() + "vigil-bench-forms-floor-\(getpid()).yaml"
        try floorPolicy.write(toFile: floor, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: floor) }
        for (_, f) in files { warmPageCache(f.path) }
        let iso = files[0].1
        progress("forms: \(options.repeats) rounds × \(files.count) forms × (vigil, jq -c .value)")
        var vigilRuns = [[Double]](repeating: [], count: files.count)
        var jqRuns = [[Double]](repeating: [], count: files.count)
        // CPU time (user + system) too: on a loaded machine a multi-threaded
        // reader's wall time suffers more than jq's, and CPU time less.
        var vigilCPU = [[Double]](repeating: [], count: files.count)
        var jqCPU = [[Double]](repeating: [], count: files.count)
        var floorRuns = [[Double]](repeating: [], count: files.count)
        for _ in 0..<options.repeats {
            for (k, (form, file)) in files.enumerated() {
                let argv = form.isNative ? [options.vigil, "backtest", file.path]
                    : [options.vigil, "parse", "--format", form == .otlp ? "otlp" : "prometheus", file.path]
                let v = try runProcess(argv)
                guard v.exitStatus == 0 else { throw SpawnError(description: "\(argv.joined(separator: " ")) exited with \(v.exitStatus)") }
                vigilRuns[k].append(v.wall)
                vigilCPU[k].append(v.user + v.system)
                if form.isNative {
                    let f = try runProcess([options.vigil, "backtest", file.path, "--config", floor])
                    guard f.exitStatus == 0 else { throw SpawnError(description: "the floor backtest of \(file.path) exited with \(f.exitStatus)") }
                    floorRuns[k].append(f.wall)
                }
                let j = try runProcess(["jq", "-c", ".value", form == .prometheus ? iso.path : file.path])
                guard j.exitStatus == 0 else { throw SpawnError(description: "jq exited with \(j.exitStatus)") }
                jqRuns[k].append(j.wall)
                jqCPU[k].append(j.user + j.system)
            }
        }
        return files.enumerated().map { k, entry in
            let (form, file) = entry
            let vigil = median(vigilRuns[k]), jq = median(jqRuns[k])
            let ratio = jq / vigil
            var f = Figure(
                name: "\(form.isNative ? "backtest" : "parse"), \(form.rawValue)",
                measured: "\(fixed(vigil, 2)) s, \(fixed(Double(file.bytes) / vigil / 1e6, 0)) MB/s (\(fixed(ratio, 1))× jq)",
                reference: "jq -c .value: \(fixed(jq, 2)) s\(form == .prometheus ? " (compact-iso file)" : "")",
                target: form.isNative ? "≥ 15× jq" : "(shown)",
                pass: form.isNative ? ratio >= 15 : nil)
            f.notes.append("\(mib(file.bytes)); runs vigil \(vigilRuns[k].map { fixed($0, 2) }.joined(separator: "/")) s, jq \(jqRuns[k].map { fixed($0, 2) }.joined(separator: "/")) s")
            let cpu = median(jqCPU[k]) / median(vigilCPU[k])
            f.notes.append("CPU time: vigil \(fixed(median(vigilCPU[k]), 2)) s, jq \(fixed(median(jqCPU[k]), 2)) s (\(fixed(cpu, 1))× jq)")
            if form.isNative {
                let floor = median(floorRuns[k])
                f.notes.append("error-rate floor alone: \(fixed(floor, 2)) s (\(fixed(jq / floor, 1))× jq); the default policy's detection is the rest (decision 0032)")
            }
            return f
        }
    }
}
