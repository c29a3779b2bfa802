import VigilApp
import VigilCore
import VigilSystem

/// A day of the fleet at 1,000 samples/s (80 series every 80 ms; 86.4 M
/// samples) replayed at full speed through the engine, generated in memory
/// (as a file it would be about 11 GB). Two paths:
///
/// - headless (`vigil replay --headless`, `Session.runHeadless`):
///   `Engine.submitRun` over runs of quiet records of decoded batches (as a
///   recording file is read) and every output formatted
///   with `OutputJSON.line` — the figure;
/// - batched (`ReplayDriver` at maximum speed, the dashboard's replay):
///   `Engine.submitAndWait` with up to 4,096 records — shown for comparison.
///
/// Only the engine calls are timed; building the records is not. Reading
/// and decoding a recording file is measured separately (parse-only).
enum ReplayDayBench {
    /// The fleet policy: the demo incident's signals, for every deployment.
    static let policyText = """
    name: fleet
    group_by: deployment
    recent_change: 24h
    escalate_after: 15m
    flags:
      - name: support-agent.model
        deployment: support-agent
        role: model
        fallback: safe
        secondary: v0
      - name: search-agent.prompt
        deployment: search-agent
        role: prompt
    signals:
      - name: error-rate
        metric: errors.rate
        critical: true
        stale_after: 2m
        detector: {type: threshold, value: 0.1, direction: higher_is_worse, for: 40s}
      - name: latency-p95
        metric: latency.p95_ms
        detector: {type: canary, direction: higher_is_worse, window: 10m, min_samples: 20, min_effect: 400, alpha: 0.01}
      - name: policy-accuracy
        metric: quality.policy_accuracy
        critical: true
        detector: {type: canary, direction: lower_is_worse, window: 10m, min_samples: 20, min_effect: 0.05, alpha: 0.01}
      - name: policy-accuracy-trend
        metric: quality.policy_accuracy
        detector: {type: cusum, direction: lower_is_worse, k: 0.5, h: 12, warmup: 60}
      - name: judge-score
        metric: quality.judge_score
        detector: {type: canary, direction: lower_is_worse, window: 10m, min_samples: 20, min_effect: 0.05, alpha: 0.01}
      - name: rephrase-rate
        metric: behavior.rephrase_rate
        detector: {type: canary, direction: higher_is_worse, window: 10m, min_samples: 20, min_effect: 0.04, alpha: 0.01}
      - name: escalation-rate
        metric: behavior.escalation_rate
        detector: {type: canary, direction: higher_is_worse, window: 10m, min_samples: 20, min_effect: 0.04, alpha: 0.01}
      - name: confidence-shape
        metric: confidence.score
        detector: {type: psi, compare: canary_vs_baseline, window: 10m, bins: 10, min: 0, max: 1, threshold: 0.3, min_samples: 100}
      - name: confidence-drift
        metric: confidence.score
        detector: {type: psi, compare: window_vs_reference, window: 2h, reference: 6h, bins: 10, min: 0, max: 1, threshold: 0.2, min_samples: 200}
      - name: input-topic-shift
        metric: drift.input_topic_shift
        detector: {type: cusum, direction: higher_is_worse, k: 0.5, h: 10, warmup: 120}

    """

    static func run(_ options: Options) throws -> Figures {
        let hours = options.replayHours ?? (options.quick ? 1 : 24)
        let w = Workload(tickMillis: 80, ticks: Int(hours * 3600 * 1000 / 80))
        let policy = try PolicyLoader.parse(policyText, file: "fleet.yaml").policy

        progress("replay: \(hours) h at \(Int(w.samplesPerSecond)) samples/s (\(w.samples) samples), headless path")
        let headless = drive(w, policy: policy, path: .quietRuns)
        var quiet: Pass?
        var batched: Pass?
        if options.replayBatched {
            progress("replay: the same day, one engine call per record (before runs)")
            quiet = drive(w, policy: policy, path: .perRecord)
            progress("replay: the same day, batched (ReplayDriver) path")
            batched = drive(w, policy: policy, path: .batched)
        }

        let scale = 24.0 / hours
        let day = headless.seconds * scale
        var f = Figure(
            name: "replay of a day",
            measured: "\(fixed(day, 1)) s\(hours == 24 ? "" : " (projected from \(fixed(hours, 2)) h)"): \(si(Double(w.records) / headless.seconds))records/s",
            reference: "—",
            target: "< 10 s",
            pass: day < 10)
        f.notes.append("\(w.records) records, policy 'fleet' (10 signals × 5 deployments, \(headless.units) units); headless path (Engine.submitRun over decoded batches of 4,096, as a headless replay in Session.runHeadless): one engine call per run of quiet records, \(headless.outputs) outputs (\(headless.outputBytes) bytes of JSON Lines)")
        if let quiet {
            f.notes.append("for comparison, one submitAndWait per record (runHeadless before 3685bf4, same outputs: \(quiet.outputs)): \(fixed(quiet.seconds * scale, 1)) s for the day, \(si(Double(w.records) / quiet.seconds))records/s")
        }
        if let batched {
            f.notes.append("batched path (ReplayDriver, 4,096 per submit): \(fixed(batched.seconds * scale, 1)) s for the day, \(si(Double(w.records) / batched.seconds))records/s")
        }
        f.notes.append("building the records in memory (not timed): \(fixed(headless.generation, 1)) s; peak RSS \(mib(peakResidentBytes()))")
        return [f]
    }

    struct Pass {
        var seconds: Double
        var generation: Double
        var outputs: Int
        var outputBytes: Int
        var units: Int
    }

    enum Path {
        /// The headless replay (`Session.runHeadless`) before runs: one `submitAndWait([r])` per record.
        case perRecord
        /// The headless replay (`Session.runHeadless`): `Engine.submitRun` applies a decoded
        /// batch's records until one produces output (or an event comes, for
        /// the desk's recorded deploys), then the outputs are handled before
        /// the next record.
        case quietRuns
        /// `ReplayDriver`: up to 4,096 records per `submitAndWait`.
        case batched
    }

    static func drive(_ w: Workload, policy: Policy, path: Path) -> Pass {
        let engine = Engine(policy: policy)
        var batch: [Record] = []
        batch.reserveCapacity(4096)
        // The headless path reads decoded batches, as `ReplayInput` does.
        var columns = RecordBatch()
        columns.reserveCapacity(4096)
        var engineNanos: UInt64 = 0
        var outputs = 0
        var outputBytes = 0
        let started = MonotonicClock.nowNanos()
        func flush() {
            let t0 = MonotonicClock.nowNanos()
            switch path {
            case .quietRuns:
                var i = columns.startIndex
                while i < columns.endIndex {
                    let (next, out) = engine.submitRun(columns, from: i)
                    for o in out {
                        outputs += 1
                        outputBytes += OutputJSON.line(for: o).utf8.count + 1
                    }
                    i = next
                }
            case .perRecord:
                for r in batch {
                    for o in engine.submitAndWait([r]) {
                        outputs += 1
                        outputBytes += OutputJSON.line(for: o).utf8.count + 1
                    }
                }
            case .batched:
                outputs += engine.submitAndWait(batch).count
            }
            engineNanos += MonotonicClock.nowNanos() - t0
            batch.removeAll(keepingCapacity: true)
            columns.removeAll(keepingCapacity: true)
        }
        w.forEach { offset, item in
            if path == .quietRuns {
                if columns.series.isEmpty {
                    for s in w.series { _ = columns.addSeries(RecordBatch.Series(metric: s.metric, labels: s.labels)) }
                }
                switch item {
                case .sample(let s, let v):
                    columns.appendSample(milliseconds: Workload.start.milliseconds + offset, value: v, series: s.index)
                case .deploy:
                    columns.append(w.record(offset, item))
                }
                if columns.count == 4096 { flush() }
            } else {
                batch.append(w.record(offset, item))
                if batch.count == 4096 { flush() }
            }
        }
        flush()
        let total = Double(MonotonicClock.nowNanos() - started) / 1e9
        let seconds = Double(engineNanos) / 1e9
        return Pass(seconds: seconds, generation: total - seconds, outputs: outputs, outputBytes: outputBytes,
                    units: engine.snapshot().signals.count)
    }
}
