import Testing
@testable import VigilCore
import VigilTestSupport

let accuracyCanary = SignalSpec(name: "accuracy", metric: "quality.policy_accuracy", family: .quality,
                                detector: .canary(CanarySpec(window: .minutes(10), minSamples: 20,
                                                             minEffect: 0.05, direction: .lowerIsWorse)))

/// Canary and baseline samples every 10 s; the canary drops by `drop` at `changeAt`.
func accuracySeries(seed: UInt64, seconds: Int, changeAt: Int?, drop: Double, noise: Double = 0.03) -> [Record] {
    var rng = SplitMix64(seed: seed)
    var out: [Record] = []
    for s in stride(from: 0, to: seconds, by: 10) {
        out.append(sample(Double(s), "quality.policy_accuracy", 0.93 + noise * rng.gaussian()))
        let shift = (changeAt.map { s >= $0 } ?? false) ? drop : 0
        out.append(sample(Double(s), "quality.policy_accuracy", 0.93 - shift + noise * rng.gaussian(), variant: "canary"))
    }
    return out
}

@Suite struct CanaryDetectorTests {
    @Test func detectsAPolicyAccuracyDropWithinFiveMinutes() throws {
        let policy = Policy(name: "t", signals: [accuracyCanary])
        let records = [deploy(0, flag: "support-agent.model", from: "v1", to: "v2", weight: 10)]
            + accuracySeries(seed: 1, seconds: 3600, changeAt: 600, drop: 0.2)
        let (_, out) = run(policy, records)
        let first = try #require(alerts(out).first)
        let delay = first.at.since(t0.adding(.seconds(600)))
        #expect(delay >= .zero && delay <= .minutes(5), "detected after \(delay)")
    }

    @Test func staysSilentOnStationaryNoiseChecks() {
        // 20 independent 12-hour runs of pure noise, checked after every sample.
        let policy = Policy(name: "t", signals: [accuracyCanary])
        var falseAlarms = 0
        for seed in 1...20 {
            let (_, out) = run(policy, accuracySeries(seed: UInt64(seed) * 7919, seconds: 12 * 3600, changeAt: nil, drop: 0))
            falseAlarms += alerts(out).count
        }
        #expect(falseAlarms == 0)
    }

    @Test func ignoresAnEffectBelowTheFloor() {
        let policy = Policy(name: "t", signals: [accuracyCanary])
        // A real but tiny 0.02 drop: significant with enough data, below the 0.05 floor.
        let (_, out) = run(policy, accuracySeries(seed: 3, seconds: 4 * 3600, changeAt: 600, drop: 0.02, noise: 0.01))
        #expect(alerts(out).isEmpty)
    }
}

@Suite struct ThresholdDetectorTests {
    let spec = SignalSpec(name: "errors", metric: "errors.rate", family: .infrastructure,
                          detector: .threshold(ThresholdSpec(value: 0.1, direction: .higherIsWorse, sustain: .seconds(40))))

    @Test func needsTheBreachToHoldForItsDuration() {
        let policy = Policy(name: "t", signals: [spec])
        var records: [Record] = []
        for s in stride(from: 0, to: 300, by: 10) {
            let v = (100...120).contains(s) ? 0.3 : (s >= 200 ? 0.3 : 0.02)
            records.append(sample(Double(s), "errors.rate", v))
        }
        let (_, out) = run(policy, records)
        let a = alerts(out)
        // The 20-second blip at 100 s is ignored; the breach from 200 s fails at 240 s.
        #expect(a.count == 1)
        #expect(a.first?.at == t0.adding(.seconds(240)))
    }

    @Test func mOfNCountsBreachingSamples() {
        var th = ThresholdSpec(value: 0.1, direction: .higherIsWorse)
        th.mOfN = (3, 5)
        let policy = Policy(name: "t", signals: [SignalSpec(name: "e", metric: "errors.rate", family: .infrastructure,
                                                            detector: .threshold(th))])
        let values = [0.2, 0.0, 0.2, 0.0, 0.0, 0.2, 0.2, 0.0]
        let (_, out) = run(policy, values.enumerated().map { sample(Double($0.offset * 10), "errors.rate", $0.element) })
        // Breaches at samples 0, 2, 5 and 6: the first window of five holding three is samples 2...6.
        #expect(alerts(out).map(\.at) == [t0.adding(.seconds(60))])
    }
}

@Suite struct CusumTests {
    let spec = SignalSpec(name: "rephrase", metric: "behavior.rephrase_rate", family: .behavioral,
                          detector: .cusum(CusumSpec(direction: .higherIsWorse)))

    @Test func catchesASlowRampThatNeverCrossesAStaticThreshold() {
        var rng = SplitMix64(seed: 11)
        var records: [Record] = []
        // One sample a minute; from minute 120 the rate creeps up 0.0002/min (+0.024 after 2 h, under 2σ... below any 0.15 threshold).
        for m in 0..<360 {
            let ramp = m >= 120 ? Double(m - 120) * 0.0002 : 0
            records.append(sample(Double(m * 60), "behavior.rephrase_rate", 0.08 + ramp + 0.01 * rng.gaussian()))
        }
        let (_, out) = run(Policy(name: "t", signals: [spec]), records)
        let first = alerts(out).first
        #expect(first != nil)
        if let first {
            let delay = first.at.since(t0.adding(.minutes(120)))
            #expect(delay > .zero && delay <= .hours(2), "detected after \(delay)")
        }
        #expect(records.allSatisfy { if case .sample(let s) = $0 { return s.value < 0.15 } else { return true } })
    }

    @Test func staysSilentOnStationaryNoise() {
        var rng = SplitMix64(seed: 12)
        let records = (0..<5000).map { m in sample(Double(m * 60), "behavior.rephrase_rate", 0.08 + 0.01 * rng.gaussian()) }
        let (_, out) = run(Policy(name: "t", signals: [spec]), records)
        #expect(alerts(out).isEmpty)
    }
}

@Suite struct PSITests {
    var spec: SignalSpec {
        var p = PSISpec()
        p.window = .minutes(10); p.threshold = 0.25; p.minSamples = 100
        return SignalSpec(name: "confidence", metric: "confidence.score", family: .drift, detector: .psi(p))
    }

    func series(seed: UInt64, shifted: Bool) -> [Record] {
        var rng = SplitMix64(seed: seed)
        var out: [Record] = []
        for s in 0..<1800 {
            let base = min(max(0.7 + 0.1 * rng.gaussian(), 0), 1)
            out.append(sample(Double(s), "confidence.score", base))
            // Overconfident canary: bimodal at 0.55 and 0.85, mean about the same 0.7.
            let c: Double = shifted && s >= 600
                ? (rng.uniform() < 0.5 ? 0.55 : 0.85) + 0.02 * rng.gaussian()
                : 0.7 + 0.1 * rng.gaussian()
            out.append(sample(Double(s), "confidence.score", min(max(c, 0), 1), variant: "canary"))
        }
        return out
    }

    @Test func detectsAShapeChangeWithTheSameMean() {
        let (_, out) = run(Policy(name: "t", signals: [spec]), series(seed: 5, shifted: true))
        let first = alerts(out).first
        #expect(first != nil)
        if let first { #expect(first.at >= t0.adding(.seconds(600)) && first.at <= t0.adding(.seconds(900))) }
    }

    @Test func staysSilentWhenDistributionsMatch() {
        let (_, out) = run(Policy(name: "t", signals: [spec]), series(seed: 6, shifted: false))
        #expect(alerts(out).isEmpty)
    }

    @Test func psiAndJensenShannonOfKnownHistograms() {
        let same = distributionShift(actual: [10, 20, 30], expected: [10, 20, 30])
        #expect(abs(same.psi) < 1e-12 && abs(same.js) < 1e-12)
        let apart = distributionShift(actual: [1000, 0], expected: [0, 1000])
        #expect(apart.psi > 5)
        #expect(apart.js > 0.99 && apart.js <= 1)
    }
}

@Suite struct SeriesWindowTests {
    @Test func meanAndVarianceOverTheTrailingSpan() {
        var w = SeriesWindow(span: .seconds(60), slots: 60)
        for s in 0..<120 { w.append(t0.adding(.seconds(Double(s))), s < 59 ? 1 : 3) }
        // Only the last minute, cutoff included (59...119, all 3s), remains.
        #expect(w.mean == 3)
        #expect(w.count >= 59 && w.count <= 61)
        #expect(w.variance == 0)
    }

    @Test func aLateSampleOlderThanTheWindowChangesNothing() {
        var w = SeriesWindow(span: .seconds(60), slots: 60)
        for s in 0..<60 { w.append(t0.adding(.seconds(Double(s))), 2) }
        let before = (w.count, w.mean)
        w.append(t0.adding(.seconds(-300)), 100)
        #expect(w.count == before.0)
        #expect(w.mean == before.1)
    }

    @Test func memoryDoesNotGrowWithTheSampleRate() {
        var w = SeriesWindow(span: .minutes(10))
        for i in 0..<100_000 { w.append(t0.adding(Duration(milliseconds: Int64(i * 10))), 1) }
        // 100 samples a second for 1000 s: the window holds 10 minutes' worth in 61 slices.
        #expect(w.count > 59_000 && w.count <= 61_000)
        #expect(w.mean == 1)
    }
}
