import Testing
@testable import VigilCore

/// What a decision leaves running: snoozes that end and pause countdowns,
/// rejections that can be undone, another ranked response, and the next step
/// after an action that did not work.
@Suite struct DecisionFollowThroughTests {
    let t0 = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10)
    let rollback = ActionIntent(kind: .rollback, flag: "g.model", variant: "v1", summary: .rollback(flag: "g.model", to: "v1"))
    let shift = ActionIntent(kind: .trafficShift, flag: "g.model", variant: "v1",
                             weights: [VariantWeight("v1", 100), VariantWeight("v2", 0)], summary: .shiftCanaryToZero(flag: "g.model"))
    let escalate = ActionIntent(kind: .escalate, summary: .escalate(group: "g"))

    func book() -> ProposalBook {
        var policy = Policy(name: "t", signals: [errorSpec], escalateAfter: .minutes(15))
        policy.autoAfter = ["error-rate": .seconds(60)]
        return ProposalBook(policy: policy)
    }

    func open(_ b: inout ProposalBook) -> Proposal? {
        var timeline = Timeline()
        let e = Evidence(signal: "error-rate", metric: "m", group: "g", value: 1, baseline: nil, threshold: nil,
                         statistic: .noDataYet, samples: 1, baselineSamples: 0, since: t0, at: t0, deploy: nil)
        let ranking = GradedResponse.Ranking(
            mode: .infrastructure,
            ranked: [Alternative(action: rollback, reason: .rollbackIsTheFloor), Alternative(action: shift, reason: .shiftStopsExposure),
                     Alternative(action: escalate, reason: .escalationChangesNothing)],
            excluded: [Alternative(action: ActionIntent(kind: .rollback, summary: .rollbackNotProposed(flag: "g.prompt")),
                                   reason: .noDeployToRevert(group: "g", within: .minutes(30)))],
            blastRadius: BlastRadius(trafficPercent: 10, deployments: ["g"]), notes: [])
        return b.open(signal: errorSpec, group: "g", evidence: e,
                      cause: Cause(group: "g", change: nil, mode: .infrastructure), ranking: ranking, afterDeploy: true,
                      requestsPerMinute: nil, at: t0, timeline: &timeline)
    }

    func at(_ s: Double) -> EventTime { t0.adding(.seconds(s)) }

    @Test func aSnoozePausesTheCountdownsAndEndsByItselfWithTheTimeTheyHadLeft() throws {
        var b = book()
        var timeline = Timeline()
        var out: [CoreOutput] = []
        let p = try #require(open(&b))
        #expect(p.autoExecuteAt == at(60) && p.escalatesAt == at(900))
        b.decide(Decision(proposalID: p.id, verdict: .snoozed, operatorName: "ana", time: at(20), snoozedUntil: at(620)),
                 timeline: &timeline)
        let snoozed = try #require(b[p.id])
        #expect(snoozed.status == .snoozed && snoozed.snoozedUntil == at(620))
        #expect(snoozed.autoExecuteAt == nil && snoozed.escalatesAt == nil)
        #expect(snoozed.paused == PausedClocks(autoExecuteIn: .seconds(40), escalatesIn: .seconds(880), resumeAs: .pending))
        // Neither the countdown nor the escalation fires while snoozed.
        b.runCountdowns(at: at(619), into: &out, timeline: &timeline)
        #expect(out.isEmpty && b[p.id]?.status == .snoozed)
        b.runCountdowns(at: at(620), into: &out, timeline: &timeline)
        #expect(out == [.snoozeEnded(proposalID: p.id, at: at(620))])
        let back = try #require(b[p.id])
        #expect(back.status == .pending && back.paused == nil && back.snoozedUntil == nil)
        #expect(back.autoExecuteAt == at(660) && back.escalatesAt == at(1_500))
        #expect(timeline.entries.last?.fact == .snoozeEnded(proposalID: p.id))
        b.runCountdowns(at: at(660), into: &out, timeline: &timeline)
        #expect(out.last == .autoExecute(proposalID: p.id, at: at(660)))
    }

    @Test func aSnoozeWithoutAnEndLastsTenMinutes() throws {
        var b = book()
        var timeline = Timeline()
        let p = try #require(open(&b))
        b.decide(Decision(proposalID: p.id, verdict: .snoozed, operatorName: "ana", time: at(5)), timeline: &timeline)
        #expect(b[p.id]?.snoozedUntil == at(5).adding(Decision.defaultSnooze))
    }

    @Test func anUndoneRejectionReopensWithItsCountdowns() throws {
        var b = book()
        var timeline = Timeline()
        var out: [CoreOutput] = []
        let p = try #require(open(&b))
        b.decide(Decision(proposalID: p.id, verdict: .rejected, operatorName: "ana", time: at(10)), timeline: &timeline)
        #expect(b.mutes.map(\.proposalID) == [p.id])
        b.runCountdowns(at: at(61), into: &out, timeline: &timeline)
        #expect(out.isEmpty && b[p.id]?.status == .rejected)
        b.decide(Decision(proposalID: p.id, verdict: .undone, operatorName: "ana", time: at(12)), timeline: &timeline)
        let back = try #require(b[p.id])
        #expect(back.status == .pending && back.decidedBy == nil)
        #expect(back.autoExecuteAt == at(62))
        #expect(b.mutes.isEmpty)  // the rejection's mute went with it
        // An undo of what is not rejected changes nothing.
        b.decide(Decision(proposalID: p.id, verdict: .undone, operatorName: "ana", time: at(13)), timeline: &timeline)
        #expect(b[p.id] == back)
    }

    @Test func anotherRankedResponseCanBeConfirmedByItsNumber() throws {
        var b = book()
        var timeline = Timeline()
        let p = try #require(open(&b))
        #expect(p.responses == [rollback, shift, escalate])  // the excluded one is not choosable
        b.decide(Decision(proposalID: p.id, verdict: .confirmed, operatorName: "ana", time: at(5), response: 2),
                 timeline: &timeline)
        let chosen = try #require(b[p.id])
        #expect(chosen.status == .confirmed && chosen.action == shift && chosen.chosenResponse == 2)
        #expect(chosen.rationale == .shiftStopsExposure)
        #expect(chosen.alternatives.map(\.action).contains(rollback))
        // A number past the ranking decides nothing.
        var other = book()
        let q = try #require(open(&other))
        other.decide(Decision(proposalID: q.id, verdict: .confirmed, operatorName: "ana", time: at(5), response: 4),
                     timeline: &timeline)
        #expect(other[q.id]?.status == .pending)
    }

    @Test func aFailedActionCanBeConfirmedAgain() throws {
        var b = book()
        var timeline = Timeline()
        let p = try #require(open(&b))
        b.decide(Decision(proposalID: p.id, verdict: .confirmed, operatorName: "ana", time: at(5)), timeline: &timeline)
        _ = b.record(ActionOutcome(proposalID: p.id, succeeded: false, detail: "disk full", time: at(6)), timeline: &timeline)
        #expect(b[p.id]?.status == .failed)
        b.decide(Decision(proposalID: p.id, verdict: .confirmed, operatorName: "ana", time: at(30)), timeline: &timeline)
        #expect(b[p.id]?.status == .confirmed && b[p.id]?.decidedAt == at(30))
    }

    /// P1 executed at 6 s and judged 10 minutes later with its signal `status`.
    func judged(_ status: SignalStatus) throws -> (ProposalBook, [CoreOutput]) {
        var b = book()
        var timeline = Timeline()
        var out: [CoreOutput] = []
        let p = try #require(open(&b))
        _ = b.record(ActionOutcome(proposalID: p.id, succeeded: true, detail: "ok", time: at(6)), timeline: &timeline)
        let units = [ProposalBook.UnitView(signal: "error-rate", group: "g", scope: .all, status: status)]
        b.verifyDue(at: at(6).adding(.minutes(10)), units: units, into: &out, timeline: &timeline)
        return (b, out)
    }

    @Test func afterARollbackAShiftOfTheSameFlagIsNoNextStep() throws {
        let (b, out) = try judged(.failing)
        #expect(out.count == 2 && b["P2"]?.action == escalate && b["P2"]?.followUpOf == "P1")
    }

    @Test func aNotWorkingVerdictIsFinalWhenTheSignalRecoversLater() throws {
        var (b, _) = try judged(.failing)
        var out: [CoreOutput] = []
        b.recordRecovery(of: "error-rate", group: "g", at: at(6).adding(.minutes(12)), into: &out)
        #expect(b["P1"]?.worked == false && out.isEmpty, "no second verdict: \(out)")
        #expect(b["P1"]?.verification == .stillFailing(signal: "error-rate", after: .minutes(10), scope: .all))
    }

    @Test func aVerdictIsAnOutputOncePerChange() throws {
        var b = book()
        var timeline = Timeline()
        var out: [CoreOutput] = []
        let p = try #require(open(&b))
        _ = b.record(ActionOutcome(proposalID: p.id, succeeded: true, detail: "ok", time: at(6)), timeline: &timeline)
        // Recovered: worked. Recovered again: the same verdict, no output.
        b.recordRecovery(of: "error-rate", group: "g", at: at(30), into: &out)
        b.recordRecovery(of: "error-rate", group: "g", at: at(90), into: &out)
        #expect(out == [.verification(proposalID: p.id, result: .recovered(signal: "error-rate", at: at(30)), at: at(30))])
        #expect(b[p.id]?.verification == .recovered(signal: "error-rate", at: at(90)))
        // Failing again with the action in force: not working, once, however often it fails.
        out = []
        _ = b.noteStillFailing("error-rate", group: "g", action: rollback, since: t0, at: at(120), into: &out, timeline: &timeline)
        _ = b.noteStillFailing("error-rate", group: "g", action: rollback, since: t0, at: at(300), into: &out, timeline: &timeline)
        b.recordRecovery(of: "error-rate", group: "g", at: at(400), into: &out)
        #expect(out == [.verification(proposalID: p.id, result: .stillFailingWithActionInForce(signal: "error-rate", at: at(120), proposalID: p.id),
                                      at: at(120))])
        // Judged already: the verification delay passing adds nothing.
        b.verifyDue(at: at(6).adding(.minutes(10)), units: [], into: &out, timeline: &timeline)
        #expect(out.count == 1)
    }

    @Test func anActionThatWorkedRaisesNothing() throws {
        let (b, out) = try judged(.ok)
        // Only the verdict, once: nothing is proposed.
        let verdict = CoreOutput.verification(proposalID: "P1", result: .withinBounds(signals: ["error-rate"], after: .minutes(10)),
                                              at: at(6).adding(.minutes(10)))
        #expect(out == [verdict] && b["P1"]?.worked == true && b.all.count == 1)
    }

    @Test func anActionThatDidNotWorkRaisesTheNextBestResponseOnce() throws {
        var b = book()
        var timeline = Timeline()
        var out: [CoreOutput] = []
        let p = try #require(open(&b))
        // The shift was chosen (response 2); it does not work: the rollback is next.
        b.decide(Decision(proposalID: p.id, verdict: .confirmed, operatorName: "ana", time: at(5), response: 2),
                 timeline: &timeline)
        _ = b.record(ActionOutcome(proposalID: p.id, succeeded: true, detail: "ok", time: at(6)), timeline: &timeline)
        let failing = [ProposalBook.UnitView(signal: "error-rate", group: "g", scope: .all, status: .failing)]
        b.verifyDue(at: at(6).adding(.minutes(10)), units: failing, into: &out, timeline: &timeline)
        let next = try #require(b["P2"])
        // The verdict first, then the follow-up it raised.
        let verdict = CoreOutput.verification(proposalID: p.id, result: .stillFailing(signal: "error-rate", after: .minutes(10), scope: .all),
                                              at: at(6).adding(.minutes(10)))
        #expect(out == [verdict, .proposal(next)])
        #expect(next.followUpOf == p.id && next.action == rollback && next.status == .pending)
        #expect(next.autoExecuteAt == nil && next.escalatesAt == at(6).adding(.minutes(25)))
        #expect(next.responses == [rollback, escalate])
        // Once: a second verdict on P1 (still failing) raises nothing more.
        #expect(b.followUp(after: p.id, at: at(700), timeline: &timeline) == nil)

        // P2's rollback did not work either: escalation is what is left.
        b.decide(Decision(proposalID: "P2", verdict: .confirmed, operatorName: "ana", time: at(700)), timeline: &timeline)
        _ = b.record(ActionOutcome(proposalID: "P2", succeeded: true, detail: "ok", time: at(701)), timeline: &timeline)
        out = []
        b.verifyDue(at: at(701).adding(.minutes(10)), units: failing, into: &out, timeline: &timeline)
        #expect(b["P3"]?.action.kind == .escalate && b["P3"]?.followUpOf == "P2")
        // An escalation that "did not work" raises nothing: a person is on it.
        b.decide(Decision(proposalID: "P3", verdict: .confirmed, operatorName: "ana", time: at(2_000)), timeline: &timeline)
        _ = b.record(ActionOutcome(proposalID: "P3", succeeded: true, detail: "paged", time: at(2_001)), timeline: &timeline)
        out = []
        b.verifyDue(at: at(2_001).adding(.minutes(10)), units: failing, into: &out, timeline: &timeline)
        #expect(out.count == 1 && b.all.count == 3)
        guard case .verification("P3", let result, _)? = out.first else { Issue.record("\(out)"); return }
        #expect(!result.worked)
    }
}

/// Undo and snooze with the escalation ladder in the governor.
@Suite struct UndoAndLadderTests {
    func at(_ seconds: Double) -> EventTime { t0.adding(.seconds(seconds)) }

    @Test func anUndoneRejectionClimbsTheLadderAgainWithTheRejectedTimePaused() throws {
        var policy = Policy(name: "t", signals: [errorSpec])
        policy.escalation = .once(after: .minutes(15))
        var g = Governor(policy: policy)
        let out = stride(from: 0, through: 60, by: 10).flatMap { g.apply(sample(Double($0), "errors.rate", 0.5)) }
        let p = try #require(out.compactMap { if case .proposal(let p) = $0 { return p } else { return nil } }.first)
        _ = g.apply(Decision(proposalID: p.id, verdict: .rejected, operatorName: "ana", time: p.createdAt.adding(.seconds(10))))
        _ = g.apply(Decision(proposalID: p.id, verdict: .undone, operatorName: "ana", time: p.createdAt.adding(.seconds(14))))
        #expect(g.proposal(p.id)?.status == .pending)
        // The 4 s it was rejected are added to the rung.
        let due = p.createdAt.adding(.minutes(15)).adding(.seconds(4))
        let early = g.advance(to: due.adding(.seconds(-1)))
        #expect(!early.contains { if case .escalation = $0 { return true } else { return false } })
        let paged = g.advance(to: due)
        #expect(paged.contains { if case .escalation(let e) = $0 { return e.event == .trigger } else { return false } }, "\(paged)")
    }
}
