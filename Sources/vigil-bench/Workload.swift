import VigilCore
import VigilTestSupport

/// The synthetic fleet every throughput benchmark uses: 5 deployments × 8
/// metrics × 2 variants = 80 series, each sampled once per tick, plus an
/// incident story placed at fixed fractions of the run (so a short run has
/// it too):
///
/// - 12.5%: `support-agent.model` v1 → v2 on a 10% canary (deploy event);
/// - 25%:   the support-agent canary's policy accuracy falls 0.93 → 0.72;
/// - 50%:   billing-agent's error rate jumps 0.02 → 0.20 for five minutes;
/// - 62.5%: `search-agent.prompt` p3 → p4 for all traffic (deploy event).
///
/// Values are deterministic (SplitMix64 with a fixed seed), so every run,
/// file or in memory, sees the same data.
struct Workload {
    struct Series {
        var index: Int
        var metric: String
        var deployment: String
        var variant: String
        var base: Double
        var spread: Double
        var decimals: Int
        var labels: Labels
    }

    struct Deploy {
        var offsetMillis: Int64
        var deployment: String
        var event: DeployEvent
    }

    static let deployments = ["support-agent", "search-agent", "billing-agent", "triage-agent", "voice-agent"]
    static let variants = ["baseline", "canary"]
    static let metrics: [(name: String, base: Double, spread: Double, decimals: Int)] = [
        ("errors.rate", 0.02, 0.01, 4),
        ("latency.p95_ms", 820, 120, 1),
        ("quality.policy_accuracy", 0.93, 0.04, 4),
        ("quality.judge_score", 0.88, 0.05, 4),
        ("behavior.rephrase_rate", 0.08, 0.03, 4),
        ("behavior.escalation_rate", 0.03, 0.015, 4),
        ("confidence.score", 0.74, 0.15, 4),
        ("drift.input_topic_shift", 0.10, 0.05, 4),
    ]

    /// 2026-02-14T00:00:00Z.
    static let start = EventTime.utc(year: 2026, month: 2, day: 14)

    let series: [Series]
    let tickMillis: Int64
    let ticks: Int
    let deploys: [Deploy]
    let accuracyDropAt: Int64
    let errorSpike: Range<Int64>

    init(tickMillis: Int64, ticks: Int) {
        self.tickMillis = tickMillis
        self.ticks = ticks
        var s: [Series] = []
        for d in Self.deployments {
            for m in Self.metrics {
                for v in Self.variants {
                    s.append(Series(index: s.count, metric: m.name, deployment: d, variant: v, base: m.base,
                                    spread: m.spread, decimals: m.decimals,
                                    labels: Labels([Label("deployment", d), Label("variant", v)])))
                }
            }
        }
        series = s
        let span = tickMillis * Int64(ticks)
        deploys = [
            Deploy(offsetMillis: span / 8, deployment: "support-agent",
                   event: DeployEvent(flag: "support-agent.model", from: "v1", to: "v2", weight: 10)),
            Deploy(offsetMillis: span * 5 / 8, deployment: "search-agent",
                   event: DeployEvent(flag: "search-agent.prompt", from: "p3", to: "p4", weight: nil)),
        ]
        accuracyDropAt = span / 4
        errorSpike = (span / 2)..<(span / 2 + 300_000)
    }

    var samples: Int { series.count * ticks }
    var events: Int { deploys.count }
    var records: Int { samples + events }
    var samplesPerSecond: Double { Double(series.count) * 1000 / Double(tickMillis) }

    /// Offset of series `i` inside its tick, so every sample has its own time.
    func offsetInTick(_ i: Int) -> Int64 { Int64(i) * tickMillis / Int64(series.count) }

    /// The value of a series at an offset from the start, from one uniform draw.
    func value(_ s: Series, at offset: Int64, uniform u: Double) -> Double {
        var base = s.base
        if s.metric == "quality.policy_accuracy", s.deployment == "support-agent", s.variant == "canary",
           offset >= accuracyDropAt {
            base = 0.72
        }
        if s.metric == "errors.rate", s.deployment == "billing-agent", errorSpike.contains(offset) {
            base = 0.20
        }
        return max(0, base + s.spread * (2 * u - 1))
    }

    /// Visits every record in time order: deploys at the start of their tick,
    /// then one sample per series. `body` gets the record's parts so that the
    /// file writer need not build a `Record`.
    func forEach(_ body: (_ offset: Int64, _ item: Item) -> Void) {
        var rng = SplitMix64(seed: 0x5EED_0F_516_11)
        var nextDeploy = 0
        for tick in 0..<ticks {
            let t0 = Int64(tick) * tickMillis
            while nextDeploy < deploys.count, deploys[nextDeploy].offsetMillis < t0 + tickMillis {
                body(max(deploys[nextDeploy].offsetMillis, t0), .deploy(deploys[nextDeploy]))
                nextDeploy += 1
            }
            for s in series {
                let off = t0 + offsetInTick(s.index)
                body(off, .sample(s, value(s, at: off, uniform: rng.uniform())))
            }
        }
    }

    enum Item {
        case sample(Series, Double)
        case deploy(Deploy)
    }

    func record(_ offset: Int64, _ item: Item) -> Record {
        let t = Self.start.adding(Duration(milliseconds: offset))
        switch item {
        case .sample(let s, let v):
            return .sample(Sample(time: t, metric: s.metric, value: v, labels: s.labels))
        case .deploy(let d):
            return .event(Event(time: t, kind: .deploy(d.event), labels: Labels([Label("deployment", d.deployment)])))
        }
    }
}
