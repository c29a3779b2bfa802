/// A static threshold held for a duration, or breached in M of the last N samples.
struct ThresholdDetector: Sendable {
    let spec: ThresholdSpec
    private var breachSince: EventTime?
    private var recent: [Bool] = []
    private var count = 0

    init(spec: ThresholdSpec) { self.spec = spec }

    mutating func observe(_ t: EventTime, _ v: Double) -> Judgment {
        count += 1
        let breach = spec.direction == .higherIsWorse ? v > spec.value : v < spec.value
        let higher = spec.direction == .higherIsWorse
        if let (m, n) = spec.mOfN {
            recent.append(breach)
            if recent.count > n { recent.removeFirst(recent.count - n) }
            let hits = recent.filter { $0 }.count
            let status: SignalStatus = hits >= m ? .failing : (hits > 0 ? .breaching : .ok)
            return Judgment(status: status, detail: .mOfN(hits: hits, of: recent.count, limit: spec.value,
                                                          higherIsWorse: spec.direction == .higherIsWorse),
                            value: v, baseline: nil, samples: count, baselineSamples: 0)
        }
        guard breach else {
            breachSince = nil
            return Judgment(status: .ok, detail: .threshold(value: v, limit: spec.value, higherIsWorse: higher,
                                                            breaching: false, held: .zero),
                            value: v, baseline: nil, samples: count, baselineSamples: 0)
        }
        let since = breachSince ?? t
        breachSince = since
        let held = t.since(since)
        return Judgment(status: held >= spec.sustain ? .failing : .breaching,
                        detail: .threshold(value: v, limit: spec.value, higherIsWorse: higher, breaching: true, held: held),
                        value: v, baseline: nil, samples: count, baselineSamples: 0)
    }
}
