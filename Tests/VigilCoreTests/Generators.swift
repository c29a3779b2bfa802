import Foundation
import VigilCore

/// A seeded generator (SplitMix64) so every test series is reproducible.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
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
