import Foundation
import VigilCore
import VigilSystem
import VigilTestSupport

/// The anomaly detector's two figures (docs/detection.md): its NAB score on
/// the developer split, and its false alerts on generated healthy series.
enum DetectionBench {
    /// The NAB policy: the anomaly detector alone, both directions, defaults only.
    static let nabPolicy = """
    name: nab
    signals:
      - name: nab
        metric: behavior.nab
        detector: {type: anomaly, direction: both}

    """

    /// Replays every file of the NAB split in `--nab-dir` through `vigil replay
    /// --headless` (the split's own vigil_nab.py) and reads its three scores.
    static func nab(_ options: Options) throws -> Figures {
        guard let dir = options.nabDir else { throw OptionError("the nab figure needs --nab-dir DIR") }
        let script = URL(fileURLWithPath: dir).appendingPathComponent("vigil_nab.py").path
        guard FileManager.default.fileExists(atPath: script) else { throw OptionError("no vigil_nab.py in \(dir)") }
        let policy = NSTemporaryDirectory() + "vigil-bench-nab-\(getpid()).yaml"
        try nabPolicy.write(toFile: policy, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: policy) }
        progress("nab: replaying the NAB split in \(dir)")
        let started = MonotonicClock.nowNanos()
        let (output, status) = try capture(["python3", script, policy, "--vigil", options.vigil])
        let seconds = Double(MonotonicClock.nowNanos() - started) / 1e9
        guard status == 0 else { throw SpawnError(description: "vigil_nab.py exited with \(status):\n\(output.suffix(600))") }
        func score(_ profile: String) -> Double? {
            guard let line = output.split(separator: "\n").first(where: { $0.contains(profile) && $0.contains("score") }),
                  let word = line.split(separator: " ").drop(while: { $0 != "score" }).dropFirst().first else { return nil }
            return Double(word)
        }
        let standard = score("standard")
        let alerts = output.split(separator: "\n").first { $0.hasPrefix("alerts:") }.map(String.init) ?? ""
        return [
            Figure(name: "NAB Standard (anomaly only)", measured: standard.map { fixed($0, 2) } ?? "?",
                   reference: "windowed Gaussian 50.87, Numenta HTM 72.76", target: "≥ 65",
                   pass: standard.map { $0 >= 65 } ?? false,
                   notes: ["\(alerts); replay of 34 files took \(fixed(seconds, 1)) s"]),
            Figure(name: "NAB reward low FP", measured: score("reward_low_FP_rate").map { fixed($0, 2) } ?? "?",
                   reference: "windowed Gaussian 31.13, Numenta HTM 65.85", target: "—", pass: nil),
            Figure(name: "NAB reward low FN", measured: score("reward_low_FN_rate").map { fixed($0, 2) } ?? "?",
                   reference: "windowed Gaussian 58.79, Numenta HTM 76.87", target: "—", pass: nil),
        ]
    }

    /// Each kind of healthy series, 30 days × 5 seeds, through the Governor
    /// under an anomaly signal: every alert is a false one.
    static func healthy(_ options: Options) throws -> Figures {
        let days = options.quick ? 10.0 : 30.0
        let seeds: [UInt64] = options.quick ? [1] : [1, 2, 3, 4, 5]
        var figures: Figures = []
        // The small-count rate twice: with its count series, and without (no binomial floor).
        let cases = HealthySeries.Kind.allCases.map { ($0, true) } + [(HealthySeries.Kind.smallCountRate, false)]
        for (kind, withCount) in cases {
            var alerts = 0
            for seed in seeds { alerts += falseAlerts(kind, seed: seed, days: days, withCount: withCount) }
            let perDay = Double(alerts) / (days * Double(seeds.count))
            let judged = kind != .studentT3 && withCount
            figures.append(Figure(name: "anomaly false alerts, healthy \(kind.rawValue)\(withCount ? "" : " (no count)")",
                                  measured: "\(alerts) in \(Int(days) * seeds.count) days (\(fixed(perDay, 3))/day)",
                                  reference: "—", target: judged ? "0" : "—", pass: judged ? alerts == 0 : nil))
        }
        return figures
    }

    static func falseAlerts(_ kind: HealthySeries.Kind, seed: UInt64, days: Double, withCount: Bool) -> Int {
        let counted = kind == .smallCountRate && withCount
        let spec = SignalSpec(name: "watch", metric: "behavior.watch", family: .behavioral,
                              detector: .anomaly(AnomalySpec(direction: .both,
                                                             countMetric: counted ? "behavior.requests" : nil)),
                              staleAfter: .hours(2))
        var governor = Governor(policy: Policy(name: "healthy", signals: [spec]))
        let start = EventTime.utc(year: 2026, month: 1, day: 1)
        let labels = Labels(["deployment": "d"])
        var alerts = 0
        for p in HealthySeries.generate(kind, seed: seed, days: days) {
            let t = start.adding(.seconds(p.seconds))
            if counted, let n = p.count {
                _ = governor.apply(.sample(Sample(time: t, metric: "behavior.requests", value: n, labels: labels)))
            }
            for o in governor.apply(.sample(Sample(time: t, metric: "behavior.watch", value: p.value, labels: labels))) {
                if case .alert = o { alerts += 1 }
            }
        }
        return alerts
    }
}
