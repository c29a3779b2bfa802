/// Canary against baseline with a mixture SPRT (`MixtureSPRT`) on the
/// difference of their means, both accumulated from the change that started
/// the comparison: the deploy or weight change in the deployment (or the
/// unit's first sample when the recording began with a canary running).
/// A new change resets both sides, because the canary is then a different
/// thing. Memory is three numbers per side, however long it runs.
///
/// Only one trailing window is left, and only for freshness: with no canary
/// sample within `window` the canary has stopped reporting (its traffic was
/// shifted away), and a test on what it sent earlier would judge traffic
/// that no longer exists.
struct CanaryDetector: Sendable {
    let spec: CanarySpec
    private var canary = RunningMoments()
    private var baseline = RunningMoments()
    private var since: EventTime?
    private var lastCanary: EventTime?
    private var sprt: MixtureSPRT

    init(spec: CanarySpec) {
        self.spec = spec
        sprt = MixtureSPRT(alpha: spec.alpha)
    }

    /// A change in the deployment at `t`: the comparison starts again from it.
    mutating func change(at t: EventTime) {
        canary = RunningMoments()
        baseline = RunningMoments()
        since = t
        lastCanary = nil
        sprt.failing = false
    }

    mutating func observe(_ t: EventTime, _ v: Double, canarySide: Bool) -> Judgment {
        // A sample stamped at the change instant covers the time before it:
        // only later samples count, so the order of a deploy and samples
        // with the same timestamp never changes the result.
        if since == nil { since = t.adding(Duration(milliseconds: -1)) }
        if let since, t > since {
            if canarySide {
                canary.add(v)
                lastCanary = max(lastCanary ?? t, t)
            } else {
                baseline.add(v)
            }
        }
        guard let last = lastCanary, t.since(last) <= spec.window else {
            // No canary, or it stopped reporting (its traffic was shifted
            // away): nothing is failing, there is just nothing to judge.
            sprt.failing = false
            return Judgment(status: .noData, detail: .noCanarySamples(window: spec.window),
                            value: nil, baseline: baseline.mean, samples: 0, baselineSamples: baseline.count)
        }
        guard canary.count >= spec.minSamples, baseline.count >= spec.minSamples,
              let j = sprt.judge(tested: canary, reference: baseline, direction: spec.direction,
                                 effect: spec.minEffect, relativeEffect: spec.minRelativeEffect) else {
            return Judgment(status: sprt.failing ? .failing : .warmingUp,
                            detail: .needSamples(canary: canary.count, baseline: baseline.count, need: spec.minSamples),
                            value: canary.mean, baseline: baseline.mean,
                            samples: canary.count, baselineSamples: baseline.count)
        }
        return j
    }
}
