// Hand-built models for golden screens and reducer tests. VigilCore's
// snapshot types have no public initializers, so tests use @testable.
@testable import VigilCore
import VigilUI

enum Fixtures {
    static let t0 = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10, minute: 0)

    static func at(_ seconds: Int) -> EventTime { t0.adding(.seconds(Double(seconds))) }

    static func signal(_ name: String, metric: String, family: SignalFamily, scope: String = "all",
                       status: SignalStatus, value: Double?, baseline: Double? = nil,
                       threshold: Double? = nil, statistic: Statistic = .noDataYet, samples: Int = 40,
                       lastSeen: Int? = 300, history: [Double] = [],
                       group: String = "support-agent") -> SignalState {
        SignalState(signal: name, metric: metric, family: family, group: group, scope: Self.scope(scope),
                    status: status, value: value, baseline: baseline, threshold: threshold,
                    statistic: statistic, samples: samples, lastSeen: lastSeen.map(at),
                    noDataPolicy: .hold, critical: false, history: history, baselineHistory: [])
    }

    /// The scope a fixture names the way the screens word it.
    static func scope(_ words: String) -> Scope {
        switch words {
        case "all": return .all
        case "canary vs baseline": return .canaryVsBaseline
        default: return .variant(words)
        }
    }

    static let rising: [Double] = (0..<40).map { 0.01 + Double($0 * $0) / 8000 }
    static let falling: [Double] = (0..<40).map { 0.9 - Double($0) * 0.008 }
    static let steady: [Double] = (0..<40).map { 0.2 + Double($0 % 5) * 0.01 }

    static let signals: [SignalState] = [
        signal("error_rate", metric: "errors.rate", family: .infrastructure, scope: "v2", status: .ok,
               value: 0.012, threshold: 0.05, statistic: .threshold(value: 0.012, limit: 0.05, higherIsWorse: true, breaching: false, held: .zero), history: steady.map { $0 / 20 }),
        signal("p95_latency", metric: "latency.p95", family: .infrastructure, scope: "v2", status: .breaching,
               value: 2.4, threshold: 2.0, statistic: .threshold(value: 2.4, limit: 2, higherIsWorse: true, breaching: true, held: .seconds(20)), lastSeen: 298, history: rising.map { $0 * 10 }),
        signal("quality_score", metric: "quality.score", family: .quality, scope: "canary vs baseline",
               status: .failing, value: 0.61, baseline: 0.82, statistic: canaryFailing, history: falling),
        signal("groundedness", metric: "quality.grounded", family: .quality, scope: "canary vs baseline",
               status: .warmingUp, value: 0.9, baseline: 0.91, statistic: .needSamples(canary: 12, baseline: 40, need: 20), samples: 12,
               history: Array(steady.prefix(12))),
        signal("refusal_rate", metric: "behavior.refusals", family: .behavioral, scope: "canary vs baseline",
               status: .ok, value: 0.031, baseline: 0.029, statistic: .canary(diff: 0.002, z: 0.4, logLambda: -1.2, limit: 4.6, low: -0.011, high: 0.015), history: steady.map { $0 / 7 }),
        signal("tool_errors", metric: "behavior.tool_errors", family: .behavioral, scope: "v2", status: .noData,
               value: 0.02, threshold: 0.1, statistic: .noDataFor(.minutes(6), policy: .hold), lastSeen: -60,
               history: [0.02, 0.03, 0.02]),
        signal("input_drift_psi", metric: "drift.input_psi", family: .drift, scope: "all", status: .ok,
               value: 0.08, threshold: 0.25, statistic: .threshold(value: 0.08, limit: 0.25, higherIsWorse: true, breaching: false, held: .zero), history: steady),
        signal("belief_conflicts", metric: "drift.beliefs", family: .drift, scope: "all", status: .ok,
               value: 0, threshold: 1, statistic: .threshold(value: 0, limit: 1, higherIsWorse: true, breaching: false, held: .zero), history: Array(repeating: 0, count: 30)),
    ]

    static let canaryFailing = Statistic.canary(diff: -0.21, z: 6.1, logLambda: 16.3, limit: 4.6, low: -0.26, high: -0.16)

    static let deploy = DeployEvent(flag: "support-agent.model", from: "v1", to: "v2", weight: 10)

    static let evidence = Evidence(
        signal: "quality_score", metric: "quality.score", group: "support-agent", value: 0.61,
        baseline: 0.82, threshold: nil, statistic: canaryFailing, samples: 40, baselineSamples: 40,
        since: at(180), at: at(240), deploy: DeployRecord(time: at(30), group: "support-agent", event: deploy),
        changePoint: ChangePoint(time: at(0), located: false, before: nil, after: 0.61),
        changes: [
            ChangeExplanation(deploy: DeployRecord(time: at(30), group: "support-agent", event: deploy),
                              score: 1, fit: .splitsTraffic),
            ChangeExplanation(deploy: DeployRecord(time: at(120), group: "support-agent",
                                                   event: DeployEvent(flag: "support-agent.prompt", from: "t1", to: "t2")),
                              score: 0, fit: .after(.seconds(120))),
        ])

    static let shift = ActionIntent(kind: .trafficShift, flag: "support-agent.model", variant: "v1",
                                    weights: [VariantWeight("v1", 100), VariantWeight("v2", 0)],
                                    summary: .shiftCanaryToZero(flag: "support-agent.model"))

    static func proposal(_ id: String, status: ProposalStatus = .pending, createdAt: Int = 240) -> Proposal {
        var p = Proposal(
            id: id, createdAt: at(createdAt), group: "support-agent", signal: "quality_score",
            failureMode: .qualityRegression,
            action: shift,
            evidence: [evidence],
            alternatives: [
                Alternative(action: ActionIntent(kind: .rollback, flag: "support-agent.model", variant: "v1",
                                                 summary: .rollback(flag: "support-agent.model", to: "v1")),
                            reason: .rollbackCostsTheRollout),
                Alternative(action: ActionIntent(kind: .escalate, summary: .escalate(group: "support-agent")),
                            reason: .escalationChangesNothing),
            ],
            blastRadius: BlastRadius(trafficPercent: 10, deployments: ["support-agent"]),
            status: status, decidedBy: nil, decidedAt: nil, outcome: nil)
        p.rationale = .shiftStopsExposure
        return p
    }

    static let flags = [
        FlagState(flag: "support-agent.model", group: "support-agent", primary: "v1", canary: "v2",
                  canaryPercent: 10, changedAt: at(30)),
    ]

    static let timeline = [
        TimelineEntry(time: at(30), kind: .deploy, fact: .deploy(deploy)),
        TimelineEntry(time: at(240), kind: .alert, fact: .failing(signal: "quality_score", group: "support-agent",
                                                                  scope: .canaryVsBaseline, statistic: canaryFailing)),
        TimelineEntry(time: at(240), kind: .proposal, fact: .proposed(proposalID: "P1", action: shift, mode: .qualityRegression)),
    ]

    static func model(proposals: [Proposal] = [proposal("P1")], mode: Mode = .replay(speed: 60, paused: false),
                      readOnly: Bool = false, signals: [SignalState] = signals) -> DashboardModel {
        let core = CoreSnapshot(eventTime: at(300), signals: signals, flags: flags, proposals: proposals,
                                timeline: timeline, samplesApplied: 1234, eventsApplied: 5)
        let status = StatusInfo(mode: mode, operatorName: "alice", readOnly: readOnly,
                                sources: [SourceSummary(name: "metrics.jsonl", records: 1234),
                                          SourceSummary(name: "events.jsonl", records: 5, malformed: 2)],
                                notice: nil, incident: nil)
        return DashboardModel(core: core, status: status)
    }
}
