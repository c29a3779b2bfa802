/// Distribution shift of the canary against the baseline (or of the recent
/// window against a frozen reference), by PSI with optional Jensen–Shannon
/// and Wasserstein-1 gates. Fails at `threshold`, recovers only below
/// `PSISpec.recoveryLevel` (hysteresis: no flapping at the limit).
struct PSIDetector: Sendable {
    let spec: PSISpec
    private var current: BinnedWindow
    private var other: BinnedWindow
    private var referenceStart: EventTime?
    private var referenceFrozen = false
    private var mean = 0.0
    private var meanCount = 0
    /// The distances are recomputed at most once per event-time second (20
    /// logarithms each); samples in between keep the last verdict.
    private var lastEvaluated: Int64 = .min
    private var last = DistributionShift(psi: 0, js: 0, wasserstein: 0)
    private var failing = false

    init(spec: PSISpec) {
        self.spec = spec
        current = BinnedWindow(bins: spec.bins, lower: spec.lower, upper: spec.upper, span: spec.window)
        other = BinnedWindow(bins: spec.bins, lower: spec.lower, upper: spec.upper, span: spec.window)
    }

    mutating func observe(_ t: EventTime, _ v: Double, canarySide: Bool) -> Judgment {
        switch spec.comparison {
        case .canaryVsBaseline:
            if canarySide { current.append(t, v) } else { other.append(t, v) }
        case .windowVsReference:
            let start = referenceStart ?? t
            referenceStart = start
            if !referenceFrozen && t.since(start) < spec.reference {
                other.accumulate(v)
            } else {
                referenceFrozen = true
                current.append(t, v)
            }
        }
        if canarySide || spec.comparison == .windowVsReference {
            meanCount += 1
            mean += (v - mean) / Double(meanCount)
        }
        guard current.count >= spec.minSamples, other.count >= spec.minSamples else {
            return Judgment(status: .warmingUp,
                            detail: .needSamples(canary: current.count, baseline: other.count, need: spec.minSamples),
                            value: nil, baseline: nil, samples: current.count, baselineSamples: other.count)
        }
        let second = t.milliseconds.floorDivided(by: 1000).quotient
        if second != lastEvaluated {
            lastEvaluated = second
            last = distributionShift(actual: current.totals, expected: other.totals,
                                     binWidth: (spec.upper - spec.lower) / Double(spec.bins))
        }
        if failing {
            failing = last.psi >= spec.recoveryLevel
        } else {
            failing = last.psi >= spec.threshold && (spec.jsThreshold.map { last.js >= $0 } ?? true)
                && (spec.wassersteinThreshold.map { last.wasserstein >= $0 } ?? true)
        }
        return Judgment(status: failing ? .failing : .ok,
                        detail: .psi(psi: last.psi, js: last.js, wasserstein: last.wasserstein, limit: spec.threshold),
                        value: last.psi, baseline: spec.threshold, samples: current.count, baselineSamples: other.count)
    }
}
