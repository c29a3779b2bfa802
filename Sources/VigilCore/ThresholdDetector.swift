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
        let op = spec.direction == .higherIsWorse ? ">" : "<"
        if let (m, n) = spec.mOfN {
            recent.append(breach)
            if recent.count > n { recent.removeFirst(recent.count - n) }
            let hits = recent.filter { $0 }.count
            let status: SignalStatus = hits >= m ? .failing : (hits > 0 ? .breaching : .ok)
            return Judgment(status: status, statistic: "\(hits) of last \(recent.count) \(op) \(formatNumber(spec.value))",
                            value: v, baseline: nil, samples: count, baselineSamples: 0)
        }
        guard breach else {
            breachSince = nil
            return Judgment(status: .ok, statistic: "\(formatNumber(v)) within \(op) \(formatNumber(spec.value))",
                            value: v, baseline: nil, samples: count, baselineSamples: 0)
        }
        let since = breachSince ?? t
        breachSince = since
        let held = t.since(since)
        return Judgment(status: held >= spec.sustain ? .failing : .breaching,
                        statistic: "\(formatNumber(v)) \(op) \(formatNumber(spec.value)) for \(held)",
                        value: v, baseline: nil, samples: count, baselineSamples: 0)
    }
}
