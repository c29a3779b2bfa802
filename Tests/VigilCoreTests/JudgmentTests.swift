import Testing
@testable import VigilCore
import VigilTestSupport

let errorSpec = SignalSpec(name: "error-rate", metric: "errors.rate", family: .infrastructure,
                           detector: .threshold(ThresholdSpec(value: 0.1, direction: .higherIsWorse, sustain: .seconds(30))))
let modelFlag = FlagSpec(name: "support-agent.model", deployment: "support-agent", role: .model,
                         fallbackVariant: "safe", secondaryVariant: "v0")
let promptFlag = FlagSpec(name: "support-agent.prompt", deployment: "support-agent", role: .prompt)

@Suite struct JudgmentTests {
    @Test func qualityRegressionOnACanaryShiftsTrafficFirst() throws {
        let policy = Policy(name: "t", signals: [accuracyCanary], flags: [modelFlag, promptFlag])
        let records = [deploy(0, flag: "support-agent.model", from: "v1", to: "v2", weight: 10)]
            + accuracySeries(seed: 1, seconds: 1800, changeAt: 0, drop: 0.2)
        let (_, out) = run(policy, records)
        let p = try #require(proposals(out).first)
        #expect(p.failureMode == .qualityRegression)
        #expect(p.action.kind == .trafficShift)
        #expect(p.action.flag == "support-agent.model")
        #expect(p.action.weights == [VariantWeight("v1", 100), VariantWeight("v2", 0)])
        #expect(p.alternatives.first?.action.kind == .rollback)
        #expect(p.blastRadius.trafficPercent == 10)
        let e = try #require(p.evidence.first)
        #expect(e.samples >= 20 && e.baselineSamples >= 20)
        #expect(e.deploy?.event == DeployEvent(flag: "support-agent.model", from: "v1", to: "v2", weight: 10))
        #expect((e.baseline ?? 0) - e.value > 0.1)
    }

    @Test func infrastructureFailureAfterADeployRollsBackFirstAndCanAutoExecute() throws {
        var policy = Policy(name: "t", signals: [errorSpec], flags: [modelFlag])
        policy.autoAfter = ["error-rate": .seconds(60)]
        var records = [deploy(0, flag: "support-agent.model", from: "v1", to: "v2", weight: 10)]
        for s in stride(from: 10, through: 300, by: 10) { records.append(sample(Double(s), "errors.rate", 0.3, variant: "canary")) }
        let (_, out) = run(policy, records)
        let p = try #require(proposals(out).first)
        #expect(p.failureMode == .infrastructure)
        #expect(p.action.kind == .rollback)
        #expect(p.action.variant == "v1")
        #expect(p.autoExecuteAt == p.createdAt.adding(.seconds(60)))
        let auto = out.contains { if case .autoExecute(let id, let at) = $0 { return id == p.id && at >= p.createdAt.adding(.seconds(60)) } else { return false } }
        #expect(auto)
    }

    @Test func promptChangeRollsBackThePromptAloneNeverTheModel() throws {
        let policy = Policy(name: "t", signals: [accuracyCanary], flags: [modelFlag, promptFlag])
        let records = [deploy(0, flag: "support-agent.prompt", from: "t1", to: "t2", weight: nil)]
            + accuracySeries(seed: 2, seconds: 1800, changeAt: 0, drop: 0.2)
        let (_, out) = run(policy, records)
        let p = try #require(proposals(out).first)
        #expect(p.action.kind == .rollback)
        #expect(p.action.flag == "support-agent.prompt")
        #expect(!p.alternatives.contains { $0.action.flag == "support-agent.model" && $0.action.kind != .rollback })
        #expect(!p.alternatives.contains { $0.action.flag == "support-agent.model" && $0.action.kind == .rollback })
        #expect(p.evidence.first?.deploy?.event.flag == "support-agent.prompt")
    }

    @Test func dataDriftWithNoDeployNeverProposesRollback() throws {
        let cusum = SignalSpec(name: "accuracy", metric: "quality.policy_accuracy", family: .quality,
                               detector: .cusum(CusumSpec(direction: .lowerIsWorse)))
        let policy = Policy(name: "t", signals: [cusum], flags: [modelFlag])
        var rng = SplitMix64(seed: 9)
        var records: [Record] = []
        for m in 0..<600 {
            let drift: Double = m > 200 ? Double(m - 200) * 0.0002 : 0
            let v: Double = 0.93 - drift + 0.01 * rng.gaussian()
            records.append(sample(Double(m * 60), "quality.policy_accuracy", v))
        }
        let (_, out) = run(policy, records)
        let p = try #require(proposals(out).first)
        #expect(p.failureMode == .dataDrift)
        #expect(p.action.kind == .degrade)
        #expect(p.action.variant == "safe")
        let kinds = [p.action.kind] + p.alternatives.filter {
            if case .rollbackNotProposed = $0.action.summary { return false } else { return true }
        }.map(\.action.kind)
        #expect(!kinds.contains(.rollback))
        #expect(kinds.contains(.escalate))
        #expect(p.alternatives.contains { $0.action.kind == .rollback && $0.reason == .noDeployToRevert(group: "support-agent", within: policy.recentChange) })
    }

    @Test func agentBeliefDriftRestrictsTheToolAtTheFirstContradiction() throws {
        let belief = SignalSpec(name: "beliefs", metric: "", family: .drift, detector: .belief)
        let tool = FlagSpec(name: "ops-agent.tool.db_write", deployment: "ops-agent", role: .capability)
        let policy = Policy(name: "t", signals: [belief], flags: [tool])
        let labels = Labels(["deployment": "ops-agent"])
        let records: [Record] = [
            .event(Event(time: t0, kind: .state(StateEvent(key: "freeze.active", value: "true")))),
            .event(Event(time: t0.adding(.seconds(30)), kind: .belief(BeliefEvent(agent: "ops-agent", key: "freeze.active", believed: "true", action: "db.read")), labels: labels)),
            .event(Event(time: t0.adding(.seconds(90)), kind: .belief(BeliefEvent(agent: "ops-agent", key: "freeze.active", believed: "false", action: "db.write")), labels: labels)),
        ]
        let (_, out) = run(policy, records)
        let p = try #require(proposals(out).first)
        #expect(p.createdAt == t0.adding(.seconds(90)))
        #expect(p.failureMode == .agentBeliefDrift)
        #expect(p.action.kind == .restrict)
        #expect(p.action.flag == "ops-agent.tool.db_write")
        #expect(p.alternatives.first?.action.kind == .escalate)
        #expect(p.alternatives.contains { $0.action.kind == .rollback && $0.reason == .rollbackKeepsBeliefs })
        guard case .beliefContradicted(let c)? = p.evidence.first?.statistic else {
            Issue.record("no contradiction in \(p.evidence)"); return
        }
        #expect(c.truth == "true" && c.believed == "false")
        // A person is paged at the same moment; the restriction awaits confirmation.
        #expect(out.contains(.escalation(EscalationPage(proposalID: p.id, at: p.createdAt, step: 1, hook: nil, event: .trigger))))
    }

    @Test func decisionsAndOutcomesUpdateStatusAndFlags() throws {
        let s = try executedFirstProposal(afterSeconds: 1800).snapshot()
        #expect(s.proposals.first?.status == .executed)
        #expect(s.proposals.first?.decidedBy == "ana")
        let flag = try #require(s.flags.first { $0.flag == "support-agent.model" })
        #expect(flag.canary == nil && flag.canaryPercent == 0 && flag.primary == "v1")
    }

    @Test func unansweredProposalsEscalate() throws {
        var policy = Policy(name: "t", signals: [accuracyCanary], flags: [modelFlag])
        policy.escalateAfter = .minutes(5)
        let records = [deploy(0, flag: "support-agent.model", from: "v1", to: "v2", weight: 10)]
            + accuracySeries(seed: 1, seconds: 3600, changeAt: 0, drop: 0.2)
        let (g, out) = run(policy, records)
        let p = try #require(proposals(out).first)
        #expect(out.contains(.escalation(EscalationPage(proposalID: p.id, at: p.createdAt.adding(.minutes(5)), step: 1, hook: nil, event: .trigger))))
        #expect(g.snapshot().proposals.first?.status == .escalated)
    }
}

@Suite struct DeterminismTests {
    @Test func sameInputGivesTheSameOutputsAndSnapshot() {
        let policy = Policy(name: "t", signals: [accuracyCanary, errorSpec], flags: [modelFlag])
        let records = [deploy(0, flag: "support-agent.model", from: "v1", to: "v2", weight: 10)]
            + accuracySeries(seed: 4, seconds: 3600, changeAt: 900, drop: 0.15)
        let (g1, o1) = run(policy, records)
        let (g2, o2) = run(policy, records)
        #expect(o1 == o2)
        #expect(g1.snapshot() == g2.snapshot())
        #expect(!proposals(o1).isEmpty)
    }

    @Test func orderWithinEqualTimestampsDoesNotChangeTheProposals() {
        // Property: for several random permutations inside each timestamp,
        // the proposals (kind, target, time) are the same.
        let policy = Policy(name: "t", signals: [accuracyCanary], flags: [modelFlag])
        let records = [deploy(0, flag: "support-agent.model", from: "v1", to: "v2", weight: 10)]
            + accuracySeries(seed: 8, seconds: 2400, changeAt: 300, drop: 0.2)
        func summary(_ rs: [Record]) -> [String] {
            proposals(run(policy, rs).1).map { "\($0.createdAt) \($0.action.kind) \($0.action.flag ?? "")" }
        }
        let reference = summary(records)
        #expect(!reference.isEmpty)
        var rng = SplitMix64(seed: 99)
        for _ in 0..<10 {
            var shuffled: [Record] = []
            var i = 0
            while i < records.count {
                var j = i
                while j < records.count, records[j].time == records[i].time { j += 1 }
                var group = Array(records[i..<j])
                for k in stride(from: group.count - 1, to: 0, by: -1) {
                    group.swapAt(k, Int(rng.next() % UInt64(k + 1)))
                }
                shuffled += group
                i = j
            }
            #expect(summary(shuffled) == reference)
        }
    }
}

@Suite struct EventTimeTests {
    @Test func formatsRFC3339() {
        #expect(EventTime(milliseconds: 1_771_063_200_250).iso8601 == "2026-02-14T10:00:00.250Z")
        #expect(EventTime(milliseconds: 0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(EventTime(milliseconds: -1).iso8601 == "1969-12-31T23:59:59.999Z")
        #expect(EventTime.utc(year: 2026, month: 2, day: 14, hour: 10) == EventTime(milliseconds: 1_771_063_200_000))
    }

    @Test func durationsReadNaturally() {
        #expect(Duration.seconds(90).description == "1m30s")
        #expect(Duration.hours(24).description == "1d")
        #expect(Duration(milliseconds: 250).description == "250ms")
    }
}

@Suite struct CompositeRuleTests {
    let rephrase = SignalSpec(name: "rephrase", metric: "behavior.rephrase_rate", family: .behavioral,
                              detector: .threshold(ThresholdSpec(value: 0.2, direction: .higherIsWorse)))
    let errors = SignalSpec(name: "errors", metric: "errors.rate", family: .infrastructure,
                            detector: .threshold(ThresholdSpec(value: 0.1, direction: .higherIsWorse)))

    func policy(_ rules: [CompositeRule], criticalErrors: Bool = false) -> Policy {
        var e = errors
        e.critical = criticalErrors
        var p = Policy(name: "t", signals: [rephrase, e])
        p.rules = rules
        return p
    }

    @Test func allRuleNeedsEverySignalFailing() {
        let rule = CompositeRule(name: "both", combinator: .all, signals: ["rephrase", "errors"])
        let only = run(policy([rule]), [sample(0, "behavior.rephrase_rate", 0.5)])
        #expect(proposals(only.1).isEmpty, "one of two signals must not propose under an all-rule")
        #expect(alerts(only.1).count == 1, "the alert is still raised and shown")
        let both = run(policy([rule]), [sample(0, "behavior.rephrase_rate", 0.5), sample(10, "errors.rate", 0.5)])
        #expect(proposals(both.1).count == 1)
    }

    @Test func anyRuleNeedsOneSignal() {
        let rule = CompositeRule(name: "either", combinator: .any, signals: ["rephrase", "errors"])
        let (_, out) = run(policy([rule]), [sample(0, "behavior.rephrase_rate", 0.5)])
        #expect(proposals(out).count == 1)
    }

    @Test func aCriticalSignalProposesOnItsOwn() {
        let rule = CompositeRule(name: "both", combinator: .all, signals: ["rephrase", "errors"])
        let (_, out) = run(policy([rule], criticalErrors: true), [sample(0, "errors.rate", 0.5)])
        #expect(proposals(out).count == 1)
    }

    @Test func blastRadiusCarriesTheCanarysRequestsPerMinute() throws {
        let policy = Policy(name: "t", signals: [accuracyCanary], flags: [modelFlag])
        let records = [deploy(0, flag: "support-agent.model", from: "v1", to: "v2", weight: 10),
                       sample(1, "traffic.rpm", 900), sample(1, "traffic.rpm", 100, variant: "canary")]
            + accuracySeries(seed: 1, seconds: 1800, changeAt: 0, drop: 0.2)
        let p = try #require(proposals(run(policy, records).1).first)
        #expect(p.blastRadius.requestsPerMinute == 100)
        #expect(p.blastRadius.trafficPercent == 10)
    }
}

@Suite struct SilencePolicyTests {
    func spec(noData: NoDataPolicy) -> SignalSpec {
        SignalSpec(name: "errors", metric: "errors.rate", family: .infrastructure,
                   detector: .threshold(ThresholdSpec(value: 0.1, direction: .higherIsWorse)),
                   noData: noData, staleAfter: .minutes(2))
    }

    /// Samples for 5 minutes, then silence while another series keeps time moving.
    func silence() -> [Record] {
        (0..<30).map { sample(Double($0 * 10), "errors.rate", 0.01) }
            + (30..<90).map { sample(Double($0 * 10), "other.metric", 1) }
    }

    @Test func holdShowsNoDataAndProposesNothing() {
        let (g, out) = run(Policy(name: "t", signals: [spec(noData: .hold)]), silence())
        #expect(proposals(out).isEmpty)
        #expect(g.snapshot().signals.first?.status == .noData)
        guard case .noDataFor(_, let policy)? = g.snapshot().signals.first?.statistic else {
            Issue.record("not stale: \(String(describing: g.snapshot().signals.first))"); return
        }
        #expect(policy == .hold)
    }

    @Test func escalateRaisesAnEscalation() throws {
        let (_, out) = run(Policy(name: "t", signals: [spec(noData: .escalate)]), silence())
        let p = try #require(proposals(out).first)
        #expect(p.action.kind == .escalate)
        // Silence began after the last sample at 290 s; more than 2 minutes later the
        // next record (time moves in 10 s steps here) is at 420 s.
        #expect(p.createdAt == t0.adding(.seconds(420)))
    }

    @Test func failTreatsSilenceAsAFailure() throws {
        let (_, out) = run(Policy(name: "t", signals: [spec(noData: .fail)]), silence())
        #expect(alerts(out).count == 1)
        #expect(proposals(out).count == 1)
    }

    @Test func aCanaryThatStaysInconclusiveEscalatesWhenAskedTo() throws {
        var s = accuracyCanary
        s.inconclusive = .escalate
        s.inconclusiveAfter = .minutes(20)
        // A canary with almost no traffic: one sample every 2 minutes, 15 in
        // all, so even accumulated it never reaches min_samples (20).
        let records = (0..<180).map { sample(Double($0 * 10), "quality.policy_accuracy", 0.93) }
            + (0..<15).map { sample(Double($0 * 120 + 5), "quality.policy_accuracy", 0.9, variant: "canary") }
        let (g, out) = run(Policy(name: "t", signals: [s]), records.sorted { $0.time < $1.time })
        let p = try #require(proposals(out).first)
        #expect(p.action.kind == .escalate)
        switch g.snapshot().signals.first?.statistic {
        case .inconclusive?, .inconclusiveFor?: break
        case let other: Issue.record("not inconclusive: \(String(describing: other))")
        }
        var held = accuracyCanary
        held.inconclusiveAfter = .minutes(20)
        #expect(proposals(run(Policy(name: "t", signals: [held]), records.sorted { $0.time < $1.time }).1).isEmpty)
    }
}

@Suite struct VerificationTests {
    /// Confirms and executes the first proposal after 15 minutes, then feeds `after`.
    func runAction(after: [Record]) throws -> Proposal {
        var g = try executedFirstProposal(afterSeconds: 900)
        for r in after { _ = g.apply(r) }
        return try #require(g.snapshot().proposals.first)
    }

    @Test func stillFailingTenMinutesLaterDidNotWork() throws {
        let p = try runAction(after: accuracySeries(seed: 2, seconds: 2400, changeAt: 0, drop: 0.2)
            .filter { $0.time > t0.adding(.seconds(900)) })
        #expect(p.worked == false)
        guard case .stillFailing(let signal, _, let scope)? = p.verification else {
            Issue.record("not still failing: \(String(describing: p.verification))"); return
        }
        #expect(signal == accuracyCanary.name && scope == .canaryVsBaseline)
    }

    @Test func canarySilentAfterTheShiftWorked() throws {
        // After the shift the canary sends nothing; the baseline goes on.
        let later = accuracySeries(seed: 3, seconds: 2400, changeAt: nil, drop: 0)
            .filter { $0.time > t0.adding(.seconds(900)) }
            .filter { if case .sample(let s) = $0 { return s.labels["variant"] != "canary" } else { return true } }
        let p = try runAction(after: later)
        #expect(p.worked == true)
        #expect(p.verification == .noMoreSamples(after: .minutes(11)))
    }
}
