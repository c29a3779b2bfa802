import Testing
@testable import VigilCore
import VigilTestSupport

/// The once-a-second staleness and inconclusive check visits only the units
/// it can change (a schedule), with exactly the results of visiting every
/// unit every second, and work linear in the units, not units × seconds.
@Suite struct CheckScheduleTests {
    /// Short stale and inconclusive periods, every no-data policy, beliefs
    /// and traffic, so a 40-minute recording goes through every transition.
    static let policy: Policy = {
        var errors = SignalSpec(name: "errors", metric: "errors.rate", family: .infrastructure,
                                detector: .threshold(ThresholdSpec(value: 0.05, direction: .higherIsWorse,
                                                                   sustain: .seconds(20))),
                                noData: .escalate, staleAfter: .seconds(45))
        errors.inconclusiveAfter = .minutes(2)
        var accuracy = SignalSpec(name: "accuracy", metric: "quality.policy_accuracy", family: .quality,
                                  detector: .canary(CanarySpec(window: .minutes(5), minSamples: 8, minEffect: 0.05,
                                                               direction: .lowerIsWorse)),
                                  noData: .fail, staleAfter: .seconds(90))
        accuracy.inconclusive = .escalate
        accuracy.inconclusiveAfter = .seconds(100)
        var latency = SignalSpec(name: "latency", metric: "latency.p95", family: .infrastructure,
                                 detector: .cusum(CusumSpec(direction: .higherIsWorse, warmup: 30)), staleAfter: .seconds(30))
        latency.inconclusive = .fail
        latency.inconclusiveAfter = .seconds(60)
        let belief = SignalSpec(name: "belief", metric: "-", family: .behavioral, detector: .belief)
        return Policy(name: "schedule", signals: [errors, accuracy, latency, belief], escalateAfter: .minutes(3))
    }()

    /// Groups that come and go: bursts of data, silences longer than the
    /// stale periods, canaries with too few samples, beliefs that flip.
    func recording(seed: UInt64, groups: Int, seconds: Int) -> [Record] {
        var rng = SplitMix64(seed: seed)
        var out: [Record] = []
        var silentUntil = Array(repeating: 0, count: groups)
        for s in 0..<seconds {
            let t = t0.adding(.seconds(Double(s)))
            for g in 0..<groups where s >= silentUntil[g] {
                if rng.below(200) == 0 { silentUntil[g] = s + 20 + rng.below(200); continue }
                guard rng.below(3) == 0 else { continue }
                let labels = ["deployment": "g\(g)", "variant": rng.below(4) == 0 ? "canary" : "baseline"]
                let metric = ["errors.rate", "quality.policy_accuracy", "latency.p95", "traffic.rpm"][rng.below(4)]
                let bad = rng.below(10) == 0
                let value = metric == "errors.rate" ? (bad ? 0.2 : 0.01) : metric == "latency.p95" ? (bad ? 900 : 100 + rng.uniform())
                    : metric == "traffic.rpm" ? 60 : (bad ? 0.5 : 0.9 + 0.01 * rng.uniform())
                out.append(.sample(Sample(time: t, metric: metric, value: value, labels: Labels(labels))))
                if rng.below(50) == 0 {
                    out.append(.event(Event(time: t, kind: .belief(BeliefEvent(agent: "a\(g)", key: "k",
                                                                              believed: rng.below(2) == 0 ? "x" : "y")),
                                            labels: Labels(["deployment": "g\(g)"]))))
                }
                if rng.below(80) == 0 {
                    out.append(.event(Event(time: t, kind: .state(StateEvent(key: "k", value: "x")))))
                }
            }
        }
        return out
    }

    func run(_ records: [Record], everyUnit: Bool, groupCap: Int = Governor.defaultGroupCap) -> (Governor, [CoreOutput]) {
        var g = Governor(policy: Self.policy, groupCap: groupCap)
        g.checksEveryUnit = everyUnit
        var out: [CoreOutput] = []
        for r in records { out += g.apply(r) }
        out += g.advance(to: t0.adding(.hours(2)))
        return (g, out)
    }

    @Test(arguments: [1, 2, 3] as [UInt64]) func sameResultsAsCheckingEveryUnitEverySecond(seed: UInt64) {
        let records = recording(seed: seed, groups: 12, seconds: 2400)
        let (scheduled, a) = run(records, everyUnit: false)
        let (reference, b) = run(records, everyUnit: true)
        #expect(!a.isEmpty)
        // Compared as text: evidence of belief units holds NaN, which never equals itself.
        let (x, y) = (a.map { String(describing: $0) }, b.map { String(describing: $0) })
        if let k = x.indices.first(where: { $0 >= y.count || x[$0] != y[$0] }) {
            Issue.record("first difference at output \(k):\n\(x[k].prefix(400))\n\(k < y.count ? y[k].prefix(400) : "end")")
        }
        #expect(x.count == y.count)
        let same = String(describing: scheduled.snapshot()) == String(describing: reference.snapshot())
        #expect(same, "the final snapshots differ")
        #expect(scheduled.unitChecks * 20 < reference.unitChecks)
    }

    /// A group arriving every second, each seen once: checking every unit
    /// every second costs about groups²/2 visits; the schedule a few per unit.
    @Test func checksStayLinearInTheGroups() {
        let groups = 3000
        let records = (0..<groups).map { i in
            Record.sample(Sample(time: t0.adding(.seconds(Double(i))), metric: "errors.rate", value: 0.01,
                                 labels: Labels(["deployment": "g\(i)"])))
        }
        let policy = Policy(name: "t", signals: [SignalSpec(
            name: "errors", metric: "errors.rate", family: .infrastructure,
            detector: .threshold(ThresholdSpec(value: 0.05, direction: .higherIsWorse)))])
        var g = Governor(policy: policy)
        for r in records { _ = g.apply(r) }
        _ = g.advance(to: t0.adding(.hours(3)))
        #expect(g.snapshot().signals.count == groups)
        #expect(g.unitChecks <= 3 * groups, "\(g.unitChecks) checks for \(groups) units")
    }

    @Test func groupsBeyondTheCapAreCountedNotJudged() {
        let records = (0..<500).flatMap { i in
            (0..<3).map { k in
                Record.sample(Sample(time: t0.adding(.seconds(Double(i * 3 + k))), metric: "errors.rate", value: 0.5,
                                     labels: Labels(["deployment": "g\(i % 250)", "variant": "v\(k)"])))
            }
        }
        let (g, out) = run(records, everyUnit: false, groupCap: 100)
        let snapshot = g.snapshot()
        #expect(snapshot.groupCap == 100)
        #expect(Set(snapshot.signals.map(\.group)).count == 100)
        #expect(snapshot.groupsOverCap == 150)
        #expect(snapshot.recordsOverCap == 900) // 150 groups × 2 rounds × 3 samples
        #expect(snapshot.samplesApplied == 1500)
        // The judged groups are still judged: their errors fail.
        #expect(out.contains { if case .alert(_, let group, _, _, _) = $0 { return group == "g0" } else { return false } })
        #expect(!out.contains { if case .alert(_, let group, _, _, _) = $0 { return group == "g200" } else { return false } })
    }
}
