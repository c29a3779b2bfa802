@testable import VigilCore
import VigilUI

/// Four deployments at once, hand-built like `Fixtures`: support-agent (the
/// usual canary regression, P1 pending), ops-agent (belief drift, P2
/// escalated), billing-bot (a healthy rollout at 50%) and search-agent (a
/// canary with too little traffic, inconclusive and held).
enum FleetFixtures {
    static let opsSignal = Fixtures.signal("agent-beliefs", metric: "drift.beliefs", family: .drift, status: .failing,
                                           value: 3, threshold: 1, history: [0, 0, 0, 1, 2, 3], group: "ops-agent")

    static let billing = [
        Fixtures.signal("error-rate", metric: "errors.rate", family: .infrastructure, scope: "canary", status: .ok,
                        value: 0.01, threshold: 0.05, history: Fixtures.steady.map { $0 / 20 }, group: "billing-bot"),
    ]

    static var held: SignalState {
        var s = Fixtures.signal("quality", metric: "quality.score", family: .quality, scope: "canary vs baseline",
                                status: .warmingUp, value: 0.9, baseline: 0.91,
                                statistic: .inconclusiveFor(.minutes(31), .needSamples(canary: 3, baseline: 400, need: 20),
                                                            policy: .hold),
                                samples: 3, history: [0.9, 0.91, 0.9], group: "search-agent")
        s.inconclusivePolicy = .hold
        return s
    }

    static var escalated: Proposal {
        var p = Proposal(
            id: "P2", createdAt: Fixtures.at(60), group: "ops-agent", signal: "agent-beliefs",
            failureMode: .agentBeliefDrift,
            action: ActionIntent(kind: .restrict, flag: "ops-agent.tool.db_write", variant: "off",
                                 summary: .turnOff(flag: "ops-agent.tool.db_write")),
            evidence: [], blastRadius: BlastRadius(trafficPercent: 100, deployments: ["ops-agent"]),
            status: .escalated)
        p.escalatesAt = Fixtures.at(120)
        return p
    }

    static let flags = Fixtures.flags + [
        FlagState(flag: "billing-bot.prompt", group: "billing-bot", primary: "p3", canary: "p4",
                  canaryPercent: 50, changedAt: Fixtures.at(-1800)),
        FlagState(flag: "search-agent.model", group: "search-agent", primary: "m1", canary: "m2",
                  canaryPercent: 1, changedAt: Fixtures.at(-3600)),
        FlagState(flag: "ops-agent.prompt", group: "ops-agent", primary: "p4", canary: nil,
                  canaryPercent: 0, changedAt: Fixtures.at(-600)),
    ]

    static let timeline = Fixtures.timeline + [
        TimelineEntry(time: Fixtures.at(60), kind: .proposal,
                      fact: .proposed(proposalID: "P2", action: escalated.action, mode: .agentBeliefDrift)),
        TimelineEntry(time: Fixtures.at(121), kind: .decision,
                      fact: .escalated(proposalID: "P2", unansweredFor: .minutes(1))),
        TimelineEntry(time: Fixtures.at(200), kind: .alert,
                      fact: .silent(signal: "quality", group: "search-agent", scope: .canaryVsBaseline,
                                    reason: .inconclusive, policy: .hold)),
    ]

    static func model(escalationHook: String? = "pagerduty-escalate.py (dry run)") -> DashboardModel {
        var m = Fixtures.model(proposals: [Fixtures.proposal("P1"), escalated],
                               signals: Fixtures.signals + [opsSignal] + billing + [held])
        m.core.flags = flags
        m.core.timeline = timeline
        m.status.escalationHook = escalationHook
        return m
    }
}
