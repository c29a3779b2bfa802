/// A static threshold held for a duration, or breached in M of the last N samples.
///
/// Hysteresis: once failing, it recovers only past the recovery level
/// (`ThresholdSpec.recoveryLevel`), or with at most ⌊M/2⌋ of the last N
/// samples breaching, so a value hovering at the limit does not flap.
struct ThresholdDetector: Sendable {
    let spec: ThresholdSpec
    private var breachSince: EventTime?
    private var recent: [Bool] = []
    private var count = 0
    private var failing = false
    private var run = 0

    init(spec: ThresholdSpec) { self.spec = spec }

    mutating func observe(_ t: EventTime, _ v: Double) -> Judgment {
        count += 1
        let higher = spec.direction == .higherIsWorse
        let breach = higher ? v > spec.value : v < spec.value
        if let (m, n) = spec.mOfN {
            recent.append(breach)
            if recent.count > n { recent.removeFirst(recent.count - n) }
            let hits = recent.filter { $0 }.count
            if hits >= m { failing = true } else if hits <= m / 2 { failing = false }
            let status: SignalStatus = failing ? .failing : (hits > 0 ? .breaching : .ok)
            return Judgment(status: status, detail: .mOfN(hits: hits, of: recent.count, limit: spec.value,
                                                          higherIsWorse: higher),
                            value: v, baseline: nil, samples: count, baselineSamples: 0)
        }
        let recovered = higher ? v <= spec.recoveryLevel : v >= spec.recoveryLevel
        if failing && !recovered {
            let held = t.since(breachSince ?? t)
            return Judgment(status: .failing,
                            detail: .threshold(value: v, limit: spec.value, higherIsWorse: higher, breaching: breach, held: held),
                            value: v, baseline: nil, samples: count, baselineSamples: 0)
        }
        failing = false
        guard breach else {
            breachSince = nil
            run = 0
            return Judgment(status: .ok, detail: .threshold(value: v, limit: spec.value, higherIsWorse: higher,
                                                            breaching: false, held: .zero),
                            value: v, baseline: nil, samples: count, baselineSamples: 0)
        }
        let since = breachSince ?? t
        breachSince = since
        let held = t.since(since)
        run += 1
        failing = held >= spec.sustain && run >= spec.minSamples
        return Judgment(status: failing ? .failing : .breaching,
                        detail: .threshold(value: v, limit: spec.value, higherIsWorse: higher, breaching: true, held: held),
                        value: v, baseline: nil, samples: count, baselineSamples: 0)
    }
}
