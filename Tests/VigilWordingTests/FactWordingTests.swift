import Testing
import VigilCore
import VigilWording

@Suite struct FactWordingTests {
    let t = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10, minute: 5)

    @Test func statisticsReadAsNumbersWithTheirSymbols() {
        #expect(Wording.statistic(.canary(diff: -0.1724, z: 6.63, logLambda: 16.31, limit: 4.605, low: -0.2311, high: -0.1137))
                == "Δ=-0.172 99% CI [-0.231, -0.114] z=6.6 logΛ=16.3/4.6")
        #expect(Wording.statistic(.threshold(value: 2.4, limit: 2, higherIsWorse: true, breaching: true, held: .seconds(20)))
                == "2.4 > 2 for 20s")
        #expect(Wording.statistic(.threshold(value: 0.5, limit: 0.8, higherIsWorse: false, breaching: false, held: .zero))
                == "0.5 within < 0.8")
        #expect(Wording.statistic(.needSamples(canary: 12, baseline: 40, need: 20)) == "n=12/40, need 20")
        #expect(Wording.statistic(.cusum(sum: 6.14, limit: 8, sigma: 0.02345)) == "S=6.1 h=8 σ=0.0235")
        #expect(Wording.statistic(.noDataFor(.minutes(6), policy: .hold)) == "no data for 6m (policy: hold)")
    }

    @Test func aStatisticFrozenInsideAnotherIsWordedInPlace() {
        let inner = Statistic.needSamples(canary: 3, baseline: 40, need: 20)
        #expect(Wording.statistic(.inconclusive(inner)) == "inconclusive: n=3/40, need 20")
        #expect(Wording.statistic(.inconclusiveFor(.minutes(30), inner, policy: .escalate))
                == "inconclusive for 30m: n=3/40, need 20 (policy: escalate)")
    }

    @Test func aVerificationLeadsWithWorkedOnlyWhenItWorked() {
        #expect(Wording.verification(.recovered(signal: "quality_score", at: t)) == "worked: quality_score recovered at 10:05:00")
        #expect(Wording.verificationFinding(.recovered(signal: "quality_score", at: t)) == "quality_score recovered at 10:05:00")
        #expect(Wording.verification(.stillFailing(signal: "accuracy", after: .minutes(11), scope: .canaryVsBaseline))
                == "accuracy still failing 11m after the action (canary vs baseline)")
        #expect(Wording.verification(.withinBounds(signals: ["a", "b"], after: .minutes(10)))
                == "worked: a, b within bounds 10m after the action")
    }

    @Test func deploysAndTimelineEntriesReadAsBefore() {
        let d = DeployEvent(flag: "support-agent.model", from: "v1", to: "v2", weight: 10)
        #expect(Wording.deploy(DeployRecord(time: t, group: "support-agent", event: d)) == "support-agent.model v1→v2 at 10:05:00")
        #expect(Wording.timeline(.deploy(d)) == "support-agent.model: v1 → v2 at 10%")
        #expect(Wording.timeline(.silent(signal: "s", group: "g", scope: .variant("v2"), reason: .noData, policy: .fail))
                == "s has no data (g, v2); policy: fail")
        #expect(Wording.timeline(.verification(.noMoreSamples(after: .minutes(11)), proposalID: "P2"))
                == "P2 worked: no more samples on the affected scope 11m after the action")
        let c = BeliefContradiction(agent: "ops-agent", action: "db.write", key: "freeze.active", believed: "false",
                                    truth: "true", since: t)
        #expect(Wording.timeline(.beliefContradicted(c))
                == "ops-agent acts (db.write) on freeze.active=false, but it is true since 10:05:00")
    }
}

@Suite struct ActionWordingTests {
    func words(_ kind: ResponseKind, _ summary: ActionSummary) -> String {
        Wording.summary(ActionIntent(kind: kind, summary: summary))
    }

    @Test func summariesReadAsTheJudgmentLayerOnceWroteThem() {
        #expect(words(.trafficShift, .shiftCanaryToZero(flag: "support-agent.model")) == "shift canary traffic of support-agent.model to 0%")
        #expect(words(.rollback, .rollback(flag: "m", to: "v1")) == "roll back m to v1")
        #expect(words(.rollback, .rollbackNotProposed(flag: nil)) == "roll back (not proposed)")
        #expect(words(.rollback, .rollbackNotProposed(flag: "m")) == "roll back m (not proposed)")
        #expect(words(.escalate, .escalate(group: "g")) == "escalate g to a human")
        #expect(words(.restrict, .turnOff(flag: "t")) == "restrict t: turn it off")
        #expect(words(.trafficShift, .recordedDeploy(flag: "m", to: "v2", percent: 12.5)) == "recorded deploy: m v2 at 12.5%")
        #expect(words(.rollback, .recordedDeploy(flag: "m", to: "v2", percent: nil)) == "recorded deploy: m → v2")
    }
}

@Suite struct ReasonWordingTests {
    @Test func reasonsNameWhatTheyAreAbout() {
        #expect(Wording.reason(.noDeployToRevert(group: "g", within: .hours(24)))
                == "no deploy in g within 1d: nothing to revert, and rollback fixes nothing under data drift")
        #expect(Wording.note(.falseBeliefStaysInMemory).hasPrefix("The agent's memory still holds the false belief"))
    }
}
