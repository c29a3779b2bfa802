import Testing
@testable import VigilCore

@Suite struct ProposalBookTests {
    let t0 = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10)
    let latency = SignalSpec(name: "latency", metric: "latency.p95", family: .infrastructure,
                             detector: .threshold(ThresholdSpec(value: 2, direction: .higherIsWorse)), critical: true)

    func evidence(_ signal: String, at t: EventTime) -> Evidence {
        Evidence(signal: signal, metric: "m", group: "g", value: 1, baseline: nil, threshold: nil, statistic: .noDataYet,
                 samples: 1, baselineSamples: 0, since: t, at: t, deploy: nil)
    }

    func ranking(_ mode: FailureMode = .infrastructure) -> GradedResponse.Ranking {
        let rollback = ActionIntent(kind: .rollback, flag: "g.model", variant: "v1", summary: .rollback(flag: "g.model", to: "v1"))
        return GradedResponse.Ranking(mode: mode, ranked: [Alternative(action: rollback, reason: .rollbackIsTheFloor)], excluded: [],
                                      blastRadius: BlastRadius(trafficPercent: 10, deployments: ["g"]), notes: [])
    }

    func book(autoAfter: Duration? = nil, escalateAfter: Duration? = .minutes(15)) -> ProposalBook {
        var policy = Policy(name: "t", signals: [errorSpec, latency], escalateAfter: escalateAfter)
        if let autoAfter { policy.autoAfter = ["error-rate": autoAfter] }
        return ProposalBook(policy: policy)
    }

    let configChange = Cause(group: "g", change: Cause.Change(flag: "g.config", variant: "c8"), mode: .infrastructure)

    func open(_ b: inout ProposalBook, afterDeploy: Bool = true, mode: FailureMode = .infrastructure,
              cause: Cause? = nil, at t: EventTime? = nil) -> Proposal? {
        var timeline = Timeline()
        let t = t ?? t0
        return b.open(signal: errorSpec, group: "g", evidence: evidence("error-rate", at: t),
                      cause: cause ?? Cause(group: "g", change: nil, mode: mode), ranking: ranking(mode),
                      afterDeploy: afterDeploy, requestsPerMinute: nil, at: t, timeline: &timeline)
    }

    func merge(_ b: inout ProposalBook, _ signal: String, cause: Cause, critical: Bool = true) -> Bool {
        var timeline = Timeline()
        return b.merge(evidence(signal, at: t0), cause: cause, critical: critical, at: t0, timeline: &timeline)
    }

    @Test func aSecondFailingSignalOfTheSameCauseJoinsAndACriticalOneLeads() throws {
        var b = book()
        let beforeAny = merge(&b, "latency", cause: configChange)
        let p = try #require(open(&b, cause: configChange))
        let first = merge(&b, "latency", cause: configChange)
        let again = merge(&b, "latency", cause: configChange)
        var elsewhere = configChange
        elsewhere.group = "other"
        let otherGroup = merge(&b, "latency", cause: elsewhere)
        #expect(!beforeAny && first && again && !otherGroup)
        #expect(b[p.id]?.evidence.map(\.signal) == ["latency", "error-rate"])
        #expect(b.all.count == 1)
    }

    @Test func aFailureWithAnotherCauseDoesNotJoinTheOpenProposal() throws {
        var b = book()
        _ = try #require(open(&b, cause: configChange))
        let noChange = merge(&b, "latency", cause: Cause(group: "g", change: nil, mode: .infrastructure))
        var otherChange = configChange
        otherChange.change = Cause.Change(flag: "g.model", variant: "v2")
        let model = merge(&b, "latency", cause: otherChange)
        var otherMode = configChange
        otherMode.mode = .qualityRegression
        let quality = merge(&b, "latency", cause: otherMode)
        #expect(!noChange && !model && !quality)
        #expect(b.all[0].evidence.map(\.signal) == ["error-rate"])
    }

    @Test func aDecidedProposalNoLongerTakesEvidence() throws {
        var b = book()
        var timeline = Timeline()
        let p = try #require(open(&b, cause: configChange))
        b.decide(Decision(proposalID: p.id, verdict: .rejected, operatorName: "ana", time: t0), timeline: &timeline)
        let merged = merge(&b, "latency", cause: configChange, critical: false)
        #expect(!merged)
        #expect(b[p.id]?.decidedBy == "ana")
    }

    @Test func aRejectionMutesOnlyItsCauseAndOnlyForRejectMute() throws {
        var b = book()
        var timeline = Timeline()
        let p = try #require(open(&b, cause: configChange))
        let rejectedAt = t0.adding(.minutes(2))
        b.decide(Decision(proposalID: p.id, verdict: .rejected, operatorName: "ana", time: rejectedAt), timeline: &timeline)
        let end = rejectedAt.adding(b.policy.rejectMute)
        #expect(b.nextMuteEnd == end)
        let same = b.muted(configChange, signal: "latency", at: end.adding(.seconds(-1)), timeline: &timeline)
        let other = b.muted(Cause(group: "g", change: nil, mode: .infrastructure), signal: "latency",
                            at: rejectedAt, timeline: &timeline)
        #expect(same && !other)
        #expect(timeline.entries.last?.fact == .muted(signal: "latency", group: "g", rejected: p.id, until: end))
        #expect(b.endMutes(at: end.adding(.seconds(-1))).isEmpty)
        #expect(b.endMutes(at: end).map(\.cause) == [configChange])
        let after = b.muted(configChange, signal: "latency", at: end, timeline: &timeline)
        #expect(!after && b.nextMuteEnd == nil)
    }

    @Test func theCountdownExecutesAtItsEventTimeNotBefore() throws {
        var b = book(autoAfter: .seconds(60))
        var timeline = Timeline()
        let p = try #require(open(&b))
        #expect(p.autoExecuteAt == t0.adding(.seconds(60)))
        var out: [CoreOutput] = []
        b.runCountdowns(at: t0.adding(.seconds(59)), into: &out, timeline: &timeline)
        #expect(out.isEmpty && b[p.id]?.status == .pending)
        b.runCountdowns(at: t0.adding(.seconds(60)), into: &out, timeline: &timeline)
        #expect(out == [.autoExecute(proposalID: p.id, at: t0.adding(.seconds(60)))])
        #expect(b[p.id]?.status == .confirmed && b[p.id]?.decidedBy == ProposalBook.autoOperator)
    }

    @Test func noCountdownWithoutARecentDeploy() throws {
        var b = book(autoAfter: .seconds(60))
        let p = try #require(open(&b, afterDeploy: false))
        #expect(p.autoExecuteAt == nil)
    }

    @Test func theLadderShowsOnTheProposal() throws {
        var b = book(escalateAfter: .minutes(15))
        let p = try #require(open(&b))
        #expect(p.escalatesAt == t0.adding(.minutes(15)))
        b.showEscalation(p.id, next: t0.adding(.minutes(30)), paged: true)
        #expect(b[p.id]?.status == .escalated && b[p.id]?.escalatesAt == t0.adding(.minutes(30)))
    }

    @Test func beliefDriftEscalatesAtOnce() throws {
        var b = book()
        var timeline = Timeline()
        let p = try #require(open(&b, mode: .agentBeliefDrift))
        let escalated = b.escalateAtOnce(p, at: t0, timeline: &timeline)
        #expect(escalated)
        #expect(b[p.id]?.status == .escalated)
    }

    @Test func anExecutedActionIsVerifiedOnlyAfterItsDelay() throws {
        var b = book()
        var timeline = Timeline()
        let p = try #require(open(&b))
        let action = b.record(ActionOutcome(proposalID: p.id, succeeded: true, detail: "ok", time: t0), timeline: &timeline)
        #expect(action?.kind == .rollback)
        let failing = [ProposalBook.UnitView(signal: "error-rate", group: "g", scope: .variant("v2"), status: .failing)]
        var out: [CoreOutput] = []
        b.verifyDue(at: t0.adding(.minutes(9)), units: failing, into: &out, timeline: &timeline)
        #expect(b[p.id]?.worked == nil && b.awaitsVerification && out.isEmpty)
        b.verifyDue(at: t0.adding(.minutes(10)), units: failing, into: &out, timeline: &timeline)
        #expect(b[p.id]?.worked == false && !b.awaitsVerification)
        // Not working: the verdict, then the next step by itself (here only escalation is left).
        #expect(out.count == 2)
        #expect(out.first == .verification(proposalID: p.id, result: .stillFailing(signal: "error-rate", after: .minutes(10),
                                                                                      scope: .variant("v2")),
                                           at: t0.adding(.minutes(10))))
        #expect(b["P2"]?.followUpOf == p.id && b["P2"]?.action.kind == .escalate)
    }
}
