import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// Every test series is drawn from a seeded `SplitMix64`, so it is reproducible.
extension SplitMix64 {
    /// Standard normal by Box-Muller.
    mutating func gaussian() -> Double {
        let u = max(uniform(), 1e-12), v = uniform()
        return (-2 * Foundation.log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

let t0 = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10)

func sample(_ seconds: Double, _ metric: String, _ value: Double, variant: String = "baseline",
            deployment: String = "support-agent") -> Record {
    .sample(Sample(time: t0.adding(.seconds(seconds)), metric: metric, value: value,
                   labels: Labels(["deployment": deployment, "variant": variant])))
}

func deploy(_ seconds: Double, flag: String, from: String?, to: String, weight: Double?) -> Record {
    .event(Event(time: t0.adding(.seconds(seconds)),
                 kind: .deploy(DeployEvent(flag: flag, from: from, to: to, weight: weight)),
                 labels: Labels(["deployment": "support-agent"])))
}

/// Applies records in order; returns every output with the governor.
func run(_ policy: Policy, _ records: [Record]) -> (Governor, [CoreOutput]) {
    var g = Governor(policy: policy)
    var out: [CoreOutput] = []
    for r in records { out += g.apply(r) }
    return (g, out)
}

func proposals(_ out: [CoreOutput]) -> [Proposal] {
    out.compactMap { if case .proposal(let p) = $0 { return p } else { return nil } }
}

func alerts(_ out: [CoreOutput]) -> [(signal: String, at: EventTime)] {
    out.compactMap { if case .alert(let s, _, _, let at, _) = $0 { return (s, at) } else { return nil } }
}

/// A 10% canary of `support-agent.model` whose accuracy drops at once, run
/// for `seconds`; then its first proposal is confirmed by "ana" and its
/// action recorded as done, both at the last event time.
func executedFirstProposal(afterSeconds seconds: Int) throws -> Governor {
    let policy = Policy(name: "t", signals: [accuracyCanary], flags: [modelFlag])
    let records = [deploy(0, flag: "support-agent.model", from: "v1", to: "v2", weight: 10)]
        + accuracySeries(seed: 1, seconds: seconds, changeAt: 0, drop: 0.2)
    var (g, out) = run(policy, records)
    let p = try #require(proposals(out).first)
    let now = try #require(g.snapshot().eventTime)
    _ = g.apply(Decision(proposalID: p.id, verdict: .confirmed, operatorName: "ana", time: now))
    g.apply(ActionOutcome(proposalID: p.id, succeeded: true, detail: "ok", time: now))
    return g
}
