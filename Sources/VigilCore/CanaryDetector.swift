/// Canary against baseline with a mixture SPRT (normal mixture, Johari et
/// al. 2017) on the difference of window means.
///
/// Λ = sqrt(V / (V + τ²)) · exp(τ² Δ² / (2 V (V + τ²))), where Δ is the
/// difference of means, V its estimated variance and τ = minEffect (the
/// mixing scale matches the smallest effect worth acting on). Rejecting when
/// Λ ≥ 1/α keeps the false-alarm rate ≤ α however often it is checked.
struct CanaryDetector: Sendable {
    let spec: CanarySpec
    private var canary: SeriesWindow
    private var baseline: SeriesWindow
    private var sprt = MixtureSPRT()
    /// log(1/α), the mSPRT boundary: a constant of the spec.
    private let boundary: Double

    init(spec: CanarySpec) {
        self.spec = spec
        canary = SeriesWindow(span: spec.window)
        baseline = SeriesWindow(span: spec.window)
        boundary = log(1 / spec.alpha)
    }

    mutating func observe(_ t: EventTime, _ v: Double, canarySide: Bool) -> Judgment {
        if canarySide { canary.append(t, v) } else { baseline.append(t, v) }
        let cutoff = t.adding(Duration(milliseconds: -spec.window.milliseconds))
        canary.evict(before: cutoff)
        baseline.evict(before: cutoff)
        if canary.count == 0 {
            // No canary, or it stopped reporting (its traffic was shifted
            // away): nothing is failing, there is just nothing to judge.
            sprt.failing = false
            return Judgment(status: .noData, detail: .noCanarySamples(window: spec.window),
                            value: nil, baseline: baseline.mean, samples: 0, baselineSamples: baseline.count)
        }
        guard canary.count >= spec.minSamples, baseline.count >= spec.minSamples,
              let cm = canary.mean, let bm = baseline.mean else {
            return Judgment(status: sprt.failing ? .failing : .warmingUp,
                            detail: .needSamples(canary: canary.count, baseline: baseline.count, need: spec.minSamples),
                            value: canary.mean, baseline: baseline.mean,
                            samples: canary.count, baselineSamples: baseline.count)
        }
        return sprt.judge(tested: canary, reference: baseline, direction: spec.direction, effect: spec.minEffect,
                          relativeEffect: spec.minRelativeEffect, boundary: boundary)
            ?? Judgment(status: .warmingUp, detail: .needSamples(canary: canary.count, baseline: baseline.count,
                                                                  need: spec.minSamples),
                        value: cm, baseline: bm, samples: canary.count, baselineSamples: baseline.count)
    }
}
