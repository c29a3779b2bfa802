import Foundation
import VigilApp
import VigilCore
import VigilTestSupport
import VigilWording

/// The scenario-family figure (docs/detection.md): each family of
/// `ScenarioGenerator` over many seeds, judged by the built-in default
/// policy, in process (the core is deterministic: no timing involved).
/// Reports per family the detection rate and time to detect, and over the
/// healthy families the false proposals per healthy day.
enum ScenarioBench {
    /// What the deployment's flags are: facts a default cannot guess.
    static let flags = [
        FlagSpec(name: "shop-agent.model", deployment: "shop-agent", role: .model, fallbackVariant: "safe", secondaryVariant: "v0"),
        FlagSpec(name: "shop-agent.prompt", deployment: "shop-agent", role: .prompt),
        FlagSpec(name: "shop-agent.config", deployment: "shop-agent", role: .config),
    ]

    static func policy(for records: [Record]) -> Policy {
        var catalog = RecordingCatalog()
        for r in records { catalog.observe(r) }
        // VIGIL_SCENARIO_POLICY=legacy: the built-in default before issue 14
        // (an errors.rate threshold and a quality.policy_accuracy canary), for
        // the "before" column of docs/detection.md.
        var p = ProcessInfo.processInfo.environment["VIGIL_SCENARIO_POLICY"] == "legacy"
            ? Policy(name: "legacy default", signals: [
                SignalSpec(name: "error-rate", metric: "errors.rate", family: .infrastructure,
                           detector: .threshold(ThresholdSpec(value: 0.05, direction: .higherIsWorse, sustain: .minutes(1))),
                           staleAfter: .minutes(5)),
                SignalSpec(name: "policy-accuracy", metric: "quality.policy_accuracy", family: .quality,
                           detector: .canary(CanarySpec(direction: .lowerIsWorse)), staleAfter: .minutes(5)),
            ])
            : DefaultPolicy.make(for: catalog)
        p.flags = flags
        return p
    }

    /// CUSUM at its defaults on long healthy series: alarms and the
    /// in-control run length (samples per alarm), one sample a minute.
    static func runLengths(days: Int, seeds: Int) -> [Figure] {
        let kinds: [(String, Direction, (inout SplitMix64, Int) -> Double)] = [
            ("normal noise", .higherIsWorse, { r, _ in 0.08 + 0.01 * r.normal() }),
            ("daily cycle ±25%", .higherIsWorse, { r, m in 0.08 * (1 + 0.25 * sin(2 * .pi * Double(m) / 1440)) + 0.01 * r.normal() }),
            ("binomial, 5–48 requests", .higherIsWorse, { r, m in
                let n = max(5, Int(30 * (1 + 0.6 * sin(2 * .pi * Double(m) / 1440))))
                return Double(r.binomial(n, 0.03)) / Double(n)
            }),
            ("Student t3 tails", .lowerIsWorse, { r, _ in 0.9 + 0.01 * r.studentT3() }),
        ]
        return kinds.map { name, direction, make in
            var alarms = 0, firstDay = 0, samples = 0
            for seed in 1...seeds {
                var rng = SplitMix64(seed: UInt64(seed) &* 7919)
                var g = Governor(policy: Policy(name: "arl", signals: [
                    SignalSpec(name: "c", metric: "m", family: .quality, detector: .cusum(CusumSpec(direction: direction)))]))
                let start = ScenarioGenerator.start
                for m in 0..<(days * 1440) {
                    let out = g.apply(.sample(Sample(time: start.adding(.minutes(Double(m))), metric: "m", value: make(&rng, m))))
                    for o in out {
                        guard case .alert = o else { continue }
                        alarms += 1
                        if m < 1440 { firstDay += 1 }
                    }
                    samples += 1
                }
            }
            let arl = alarms == 0 ? "> \(samples)" : "\(samples / alarms)"
            return Figure(name: "cusum in control: \(name)",
                          measured: "\(alarms) alarms in \(samples) samples (\(firstDay) on day 1): run length \(arl)",
                          reference: "k 0.5, h 15, warmup 120", target: "—", pass: nil)
        }
    }

    struct Outcome {
        var detectedAfter: Duration?
        var falseProposals: Int
        /// The first proposal after the onset acts on the scenario's target.
        var rightTarget = false
    }

    static func judge(_ s: Scenario) -> Outcome {
        var g = Governor(policy: policy(for: s.records))
        var proposals: [EventTime] = []
        var targets: [String?] = []
        for r in s.records {
            for case .proposal(let p) in g.apply(r) {
                proposals.append(p.createdAt)
                targets.append(p.action.flag)
                if ProcessInfo.processInfo.environment["VIGIL_SCENARIO_TRACE"] != nil {
                    progress("  \(s.family.rawValue) seed \(s.seed): \(p.id) at \(p.createdAt.iso8601) by \(p.signal): \(p.evidence.first.map { Wording.statistic($0.statistic) } ?? "")"
                             + " → \(p.action.kind.rawValue) \(p.action.flag ?? "-"); \(p.evidence.first.map { e in (e.changePoint.map(Wording.changePoint) ?? "") + "; " + Wording.blame(e) } ?? "")")
                }
            }
        }
        guard let onset = s.onset else { return Outcome(detectedAfter: nil, falseProposals: proposals.count) }
        let first = proposals.firstIndex { $0 >= onset }
        return Outcome(detectedAfter: first.map { proposals[$0].since(onset) },
                       falseProposals: proposals.filter { $0 < onset }.count,
                       rightTarget: first.map { s.target == nil || targets[$0] == s.target } ?? false)
    }

    static func run(_ options: Options) throws -> Figures {
        let seeds = options.quick ? 3 : 10
        var figures: [Figure] = runLengths(days: options.quick ? 3 : 10, seeds: options.quick ? 1 : 5)
        var healthyDays = 0.0
        var healthyFalse = 0
        var flagship: [Duration] = []
        for family in ScenarioFamily.allCases {
            progress("scenarios: \(family.rawValue) × \(seeds) seeds")
            var times: [Duration] = []
            var falses = 0
            var span = 0.0
            var right = 0
            var target: String?
            for seed in 1...seeds {
                let s = ScenarioGenerator.make(family, seed: UInt64(seed))
                let o = judge(s)
                falses += o.falseProposals
                span += s.span.seconds / 86_400
                if let d = o.detectedAfter { times.append(d) }
                if o.rightTarget { right += 1 }
                target = s.target
            }
            times.sort()
            if family.isHealthy {
                healthyDays += span
                healthyFalse += falses
                figures.append(Figure(name: "scenarios: \(family.rawValue)",
                                      measured: "\(falses) false proposals in \(fixed(span, 0)) days",
                                      reference: "—", target: "0", pass: falses == 0))
            } else {
                if family == .dropOnSmallCanary { flagship = times }
                let median = times.isEmpty ? "—" : times[times.count / 2].description
                let worst = times.last?.description ?? "—"
                let blame = target.map { ", \(right)/\(seeds) act on \($0)" } ?? ""
                var f = Figure(name: "scenarios: \(family.rawValue)",
                               measured: "detected \(times.count)/\(seeds), median \(median), max \(worst)\(blame)",
                               reference: "\(falses) proposals before onset", target: "all detected",
                               pass: times.count == seeds)
                f.notes.append("time to detect = first proposal at or after the change's event time")
                figures.append(f)
            }
        }
        let perDay = healthyDays > 0 ? Double(healthyFalse) / healthyDays : 0
        figures.append(Figure(name: "scenarios: false proposals per healthy day",
                              measured: "\(fixed(perDay, 2)) (\(healthyFalse) in \(fixed(healthyDays, 0)) days)",
                              reference: "—", target: "0 over 30 days", pass: healthyFalse == 0))
        let worst = flagship.last
        figures.append(Figure(name: "scenarios: flagship (10% canary quality drop)",
                              measured: worst.map { "caught within \($0) (worst of \(flagship.count))" } ?? "not caught",
                              reference: "—", target: "≤ 15m",
                              pass: flagship.count == seeds && (worst.map { $0 <= .minutes(15) } ?? false)))
        return figures
    }
}
