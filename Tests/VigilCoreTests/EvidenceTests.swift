import Testing
@testable import VigilCore
import VigilTestSupport

/// Evidence that accumulates from the change, and the interval it reports.
@Suite struct AccumulatingEvidenceTests {
    /// A canary sampled once a minute: a 10-minute window never holds the 20
    /// samples the test needs, so only evidence accumulated since the deploy
    /// can judge it.
    func sparseCanary(seed: UInt64, minutes: Int, drop: Double, noise: Double) -> [Record] {
        var rng = SplitMix64(seed: seed)
        var out = [deploy(0, flag: "support-agent.model", from: "v1", to: "v2", weight: 10)]
        for m in 1...minutes {
            out.append(sample(Double(m * 60), "quality.policy_accuracy", 0.93 + noise / 3 * rng.gaussian()))
            out.append(sample(Double(m * 60), "quality.policy_accuracy", 0.93 - drop + noise * rng.gaussian(), variant: "canary"))
        }
        return out
    }

    @Test func aSparseCanaryIsJudgedOnEverythingSinceTheDeploy() throws {
        let policy = Policy(name: "t", signals: [accuracyCanary], flags: [modelFlag])
        let (_, out) = run(policy, sparseCanary(seed: 5, minutes: 90, drop: 0.1, noise: 0.06))
        let p = try #require(proposals(out).first)
        #expect(p.action.flag == "support-agent.model")
        let e = try #require(p.evidence.first)
        #expect(e.samples >= 20, "judged on \(e.samples) canary samples")
        guard case .canary(let diff, _, _, _, let low, let high) = e.statistic else {
            Issue.record("not a canary statistic: \(e.statistic)"); return
        }
        #expect(low <= -0.1 && -0.1 <= high, "interval \(low)…\(high) misses the true -0.1")
        #expect(low < diff && diff < high)
        // Failing means the whole interval lies beyond half the minimum effect.
        #expect(high < -0.025)
    }

    /// The interval must cover the true effect at the moment the test stops,
    /// a moment the data chose: the case a fixed-sample interval gets wrong.
    @Test func theIntervalCoversTheTrueEffectWhenTheTestStops() {
        var stopped = 0, missed = 0
        for seed in 1...200 {
            var d = CanaryDetector(spec: CanarySpec(window: .minutes(10), minSamples: 20, minEffect: 0.05,
                                                    direction: .lowerIsWorse))
            var rng = SplitMix64(seed: UInt64(seed) &* 104_729)
            d.change(at: t0)
            for s in 1...2000 {
                let t = t0.adding(.seconds(Double(s * 10)))
                _ = d.observe(t, 0.9 + 0.1 * rng.gaussian(), canarySide: false)
                let j = d.observe(t, 0.84 + 0.1 * rng.gaussian(), canarySide: true)
                if j.status == .failing, case .canary(_, _, _, _, let low, let high) = j.statistic {
                    stopped += 1
                    if !(low <= -0.06 && -0.06 <= high) { missed += 1 }
                    break
                }
            }
        }
        #expect(stopped == 200)
        // α = 1%: at most about 2 of 200 may miss; the stopping rule favours
        // overstated effects, which a fixed-n interval would miss far more.
        #expect(missed <= 4, "\(missed) of \(stopped) intervals missed the true effect")
    }

    @Test func aNewChangeStartsTheComparisonAgain() {
        var d = CanaryDetector(spec: CanarySpec(minSamples: 20, minEffect: 0.05, direction: .lowerIsWorse))
        d.change(at: t0)
        var last: Judgment?
        for s in 1...60 {
            let t = t0.adding(.seconds(Double(s * 10)))
            _ = d.observe(t, 0.93, canarySide: false)
            last = d.observe(t, 0.7 + 0.001 * Double(s % 3), canarySide: true)
        }
        #expect(last?.status == .failing && last?.samples == 60)
        let change = t0.adding(.seconds(610))
        d.change(at: change)
        // Samples stamped at the change instant belong to what came before.
        _ = d.observe(change, 0.93, canarySide: false)
        let j = d.observe(change.adding(.seconds(10)), 0.93, canarySide: true)
        #expect(j.status == .warmingUp && j.samples == 1 && j.baselineSamples == 0)
    }

    @Test func theBoundaryBelongsToTheTest() {
        #expect(abs(MixtureSPRT(alpha: 0.01).boundary - 4.605_170) < 1e-6)
        #expect(abs(intervalConfidence(limit: MixtureSPRT(alpha: 0.05).boundary) - 0.95) < 1e-12)
    }

    @Test func momentsMatchTheTwoPassFigures() {
        var m = RunningMoments()
        let values = [0.91, 0.93, 0.88, 0.95, 0.9]
        for v in values { m.add(v) }
        let mean = values.reduce(0, +) / 5
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4
        #expect(m.count == 5 && abs(m.mean! - mean) < 1e-12 && abs(m.variance! - variance) < 1e-12)
        #expect(RunningMoments().mean == nil && RunningMoments().variance == nil)
    }
}

/// Blame weighs every recent change against when the series changed.
@Suite struct BlameTests {
    let configFlag = FlagSpec(name: "support-agent.config", deployment: "support-agent", role: .config)

    @Test func theOnsetOfARampIsWhereItBegins() throws {
        var bins = MinuteBins()
        var rng = SplitMix64(seed: 11)
        for s in stride(from: 0, to: 90 * 60, by: 10) {
            let minute = Double(s) / 60
            let level = 0.01 + 0.012 * max(0, minute - 61)   // rises from minute 61
            bins.add(t0.adding(.seconds(Double(s))), level + 0.01 * rng.gaussian())
        }
        let c = try #require(bins.changePoint())
        #expect(c.located)
        let off = c.time.since(t0.adding(.minutes(61))).milliseconds
        #expect(abs(off) <= 2 * 60_000, "onset at \(c.time.clock)")
    }

    @Test func aSeriesThatNeverChangedStartsWhereItIsHeld() throws {
        var bins = MinuteBins()
        var rng = SplitMix64(seed: 12)
        for s in stride(from: 0, to: 40 * 60, by: 10) { bins.add(t0.adding(.seconds(Double(s))), 0.3 + 0.02 * rng.gaussian()) }
        let c = try #require(bins.changePoint())
        #expect(!c.located && c.time == t0)
        #expect(MinuteBins().changePoint() == nil)
    }

    @Test func aChangeAfterTheOnsetCannotExplainItAndOneJustBeforeDoes() {
        let onset = t0.adding(.minutes(11))
        let model = DeployRecord(time: t0.adding(.minutes(10)), group: "g",
                                 event: DeployEvent(flag: "g.model", from: "v1", to: "v2"))
        let prompt = DeployRecord(time: t0.adding(.minutes(15)), group: "g",
                                  event: DeployEvent(flag: "g.prompt", from: "t1", to: "t2"))
        let config = DeployRecord(time: t0.adding(.minutes(-109)), group: "g",
                                  event: DeployEvent(flag: "g.config", from: "c1", to: "c2"))
        let ranked = Blame.rank([prompt, model, config], changedAt: onset, splitFlags: [])
        #expect(ranked.map(\.deploy.event.flag) == ["g.model", "g.config", "g.prompt"])
        #expect(ranked[0].fit == .before(.minutes(1)) && abs(ranked[0].score - 0.8187) < 1e-3)
        #expect(ranked[2].fit == .after(.minutes(4)) && ranked[2].score == 0)
        #expect(ranked[1].score < Blame.floor)
        #expect(Blame.blamed(ranked) == model)
        #expect(Blame.blamed(Blame.rank([config], changedAt: onset, splitFlags: [])) == nil)
        // On a canary, the change that split the traffic is what differs.
        let split = Blame.rank([prompt, model], changedAt: t0.adding(.minutes(40)), splitFlags: ["g.model"])
        #expect(split.first?.deploy == model && split.first?.fit == .splitsTraffic)
    }

    /// The model changed at 10:10 and the prompt at 10:15; errors climb from
    /// 10:11 and cross the threshold only after both.
    @Test func twoChangesCloseTogetherBlameTheOneBeforeTheOnset() throws {
        let policy = Policy(name: "t", signals: [errorSpec], flags: [modelFlag, promptFlag])
        var rng = SplitMix64(seed: 21)
        var records = [deploy(600, flag: "support-agent.model", from: "v1", to: "v2", weight: nil),
                       deploy(900, flag: "support-agent.prompt", from: "t1", to: "t2", weight: nil)]
        for s in stride(from: 10, through: 1800, by: 10) {
            let rise = 0.14 * min(1, max(0, Double(s - 660) / 600))
            records.append(sample(Double(s), "errors.rate", max(0, 0.01 + rise + 0.008 * rng.gaussian())))
        }
        records.sort { $0.time < $1.time }
        let (_, out) = run(policy, records)
        let p = try #require(proposals(out).first)
        #expect(p.createdAt > t0.adding(.seconds(900)), "proposed before the second change")
        #expect(p.action.kind == .rollback && p.action.flag == "support-agent.model")
        let e = try #require(p.evidence.first)
        #expect(e.deploy?.event.flag == "support-agent.model")
        let prompt = try #require(e.changes.first { $0.deploy.event.flag == "support-agent.prompt" })
        if case .after = prompt.fit {} else { Issue.record("prompt weighed as \(prompt.fit)") }
        #expect(!p.alternatives.contains { $0.action.kind == .rollback && $0.action.flag == "support-agent.prompt" })
    }

    /// A config change two hours before a sudden behavioral change does not
    /// explain it: no rollback is proposed, and the change is still named.
    @Test func aChangeHoursBeforeTheOnsetIsNamedNotRolledBack() throws {
        let rephrase = SignalSpec(name: "rephrase", metric: "behavior.rephrase_rate", family: .behavioral,
                                  detector: .threshold(ThresholdSpec(value: 0.15, direction: .higherIsWorse,
                                                                     sustain: .seconds(60))))
        let policy = Policy(name: "t", signals: [rephrase], flags: [modelFlag, configFlag])
        var rng = SplitMix64(seed: 22)
        var records = [deploy(0, flag: "support-agent.config", from: "c1", to: "c2", weight: nil)]
        for s in stride(from: 10, through: 3 * 3600, by: 10) {
            let level = s >= 2 * 3600 + 600 ? 0.25 : 0.08
            records.append(sample(Double(s), "behavior.rephrase_rate", level + 0.01 * rng.gaussian()))
        }
        let (_, out) = run(policy, records)
        let p = try #require(proposals(out).first)
        #expect(p.action.kind != .rollback)
        #expect(p.failureMode == .behavioralDegradation)
        let e = try #require(p.evidence.first)
        #expect(e.deploy == nil)
        let config = try #require(e.changes.first)
        #expect(config.deploy.event.flag == "support-agent.config" && config.score < Blame.floor)
        let c = try #require(e.changePoint)
        #expect(c.located && abs(c.time.since(t0.adding(.seconds(2 * 3600 + 600))).milliseconds) <= 60_000)
    }
}
