import VigilApp
import VigilCore
import VigilSystem
import VigilTestSupport

/// 10,000 series at 10,000 samples/s (each series once a second) fed
/// straight into the engine under the built-in default policy, which
/// matches all of them: 2,500 deployments × {errors.rate,
/// quality.policy_accuracy} × {baseline, canary}, judged by the default
/// policy's detectors for each family (threshold, canary, shape,
/// before/after, trend, anomaly): 30,000 units. 1% of the deployments breach
/// their error rate for two minutes, so proposals and timeline entries exist
/// too.
///
/// Runs in a fresh child process. Resident memory is read from
/// /proc/self/statm at each minute of event time. The figure's run is 10
/// minutes (6 M samples); it then goes on for 10 more to show that memory
/// stays flat once the longest window (the canary's 10 minutes) is full.
enum MemoryBench {
    static let deployments = 2_500
    static let seriesCount = 10_000

    static func run(_ options: Options) throws -> Figures {
        let measuredMinutes = options.quick ? 2 : 10
        let totalMinutes = measuredMinutes * 2
        var labels: [(metric: String, labels: Labels, base: Double, spread: Double, deployment: Int)] = []
        for d in 0..<deployments {
            let name = "tenant-\(d)"
            for (metric, base, spread) in [("errors.rate", 0.02, 0.01), ("quality.policy_accuracy", 0.93, 0.04)] {
                for v in ["baseline", "canary"] {
                    labels.append((metric, Labels([Label("deployment", name), Label("variant", v)]), base, spread, d))
                }
            }
        }
        precondition(labels.count == seriesCount)

        let engine = Engine(policy: DefaultPolicy.make())
        var rng = SplitMix64(seed: 7)
        var batch: [Record] = []
        batch.reserveCapacity(seriesCount)
        let baseline = residentBytes()
        var checkpoints: [(minute: Int, rss: Int)] = []
        progress("memory: \(seriesCount) series at \(seriesCount) samples/s for \(totalMinutes) min of event time (figure at \(measuredMinutes) min)")
        let started = MonotonicClock.nowNanos()
        for second in 0..<(totalMinutes * 60) {
            let t0 = Workload.start.milliseconds + Int64(second) * 1000
            for (i, s) in labels.enumerated() {
                var base = s.base
                if s.metric == "errors.rate", s.deployment % 100 == 7, (180..<300).contains(second) { base = 0.2 }
                let v = max(0, base + s.spread * (2 * rng.uniform() - 1))
                batch.append(.sample(Sample(time: EventTime(milliseconds: t0 + Int64(i / 10)), metric: s.metric,
                                            value: v, labels: s.labels)))
            }
            engine.submitAndWait(batch)
            batch.removeAll(keepingCapacity: true)
            if (second + 1) % 60 == 0 { checkpoints.append(((second + 1) / 60, residentBytes())) }
        }
        let elapsed = Double(MonotonicClock.nowNanos() - started) / 1e9
        let peakWhileFeeding = peakResidentBytes()
        let snap = engine.snapshot()
        let afterSnapshot = residentBytes()

        // The loop records a checkpoint every event-time minute up to the end.
        let atFigure = checkpoints.first { $0.minute == measuredMinutes }?.rss ?? 0
        let last = checkpoints.last?.rss ?? atFigure
        let growth = last - atFigure
        let flat = Double(growth) < 0.02 * Double(atFigure)
        let shown = checkpoints.filter { [1, 2, 3, 5, 10, 15, 20].contains($0.minute) || $0.minute == measuredMinutes }
        var f = Figure(
            name: "memory",
            measured: "RSS \(mib(atFigure)) at \(measuredMinutes) min; \(growth >= 0 ? "+" : "")\(mib(growth)) over the next \(totalMinutes - measuredMinutes) min",
            reference: "—",
            target: "< 64 MB (61.0 MiB), flat after warm-up",
            pass: atFigure < 64_000_000 && peakWhileFeeding < 64_000_000 && flat)
        f.notes.append("RSS by event-time minute: " + shown.map { "\($0.minute) min \(mib($0.rss))" }.joined(separator: ", ") + "; before feeding \(mib(baseline)); peak while feeding \(mib(peakWhileFeeding))")
        f.notes.append("\(snap.samplesApplied) samples into \(snap.signals.count) units in \(fixed(elapsed, 1)) s (\(si(Double(snap.samplesApplied) / elapsed))samples/s); \(snap.proposals.count) proposals, \(snap.timeline.count) timeline entries; one snapshot of all units (a dashboard gets at most 30 a second) took RSS to \(mib(afterSnapshot)), peak \(mib(peakResidentBytes()))")
        return [f]
    }
}
