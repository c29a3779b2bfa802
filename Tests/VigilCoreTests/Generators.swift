import Foundation
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
