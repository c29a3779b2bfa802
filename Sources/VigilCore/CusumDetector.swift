/// Page's one-sided CUSUM of robust standardized deviations from a
/// reference level.
///
/// - Reference level: for the canary (unless `reference: own`), the
///   baseline variant's trailing mean over `window`, never anything learned
///   from the canary (an already-bad canary must not become "normal"), so a
///   daily cycle both share cancels out. Otherwise the
///   winsorized mean of the series' first `warmup` samples, and once the series
///   spans a day, its level at the same time yesterday (`DailyProfile`), so
///   a daily cycle is not a change but a slow drift still accumulates.
/// - Scale: the sample-to-sample noise (`NoiseScale`, median absolute
///   difference), re-estimated continuously; on a comparison the larger of
///   the two sides' noise (a small canary is noisier than its baseline).
///   Floored by `min_sigma` and 0.1% of the level.
/// - Each standardized deviation is clipped at ±3 before it is summed, so
///   one heavy-tailed sample adds at most 3 − k; with `min_shift`, half
///   that shift (in σ units) is added to the slack k: a dead band.
///
/// Fails when the sum reaches h; recovers when it decays back to 0.
struct CusumDetector: Sendable {
    static let clip = 3.0
    let spec: CusumSpec
    /// Canary side: samples with `canarySide == false` are its baseline.
    let againstBaseline: Bool
    private var warm: [Double] = []
    private var level: Double?
    private var noise: NoiseScale
    private var baselineNoise: NoiseScale
    private var baseline: SeriesWindow
    private var profile = DailyProfile()
    private var n = 0
    private var sum = 0.0
    private var failing = false
    /// The last verdict on a judged sample, which a baseline sample repeats
    /// (plain data: keeping it at every sample is a copy of bytes).
    private var last: Judgment?

    init(spec: CusumSpec, againstBaseline: Bool = false) {
        self.spec = spec
        self.againstBaseline = againstBaseline
        noise = NoiseScale(capacity: spec.warmup)
        baselineNoise = NoiseScale(capacity: spec.warmup)
        baseline = SeriesWindow(span: spec.window)
    }

    mutating func observe(_ t: EventTime, _ v: Double, canarySide: Bool) -> Judgment {
        if againstBaseline && !canarySide {
            baseline.append(t, v)
            baselineNoise.observe(v)
            // A baseline sample moves the reference, not the verdict.
            return last ?? Judgment(status: .warmingUp, detail: .cusumLearning(n: baselineNoise.count, of: spec.warmup / 2),
                                    value: nil, baseline: baseline.mean, samples: 0, baselineSamples: baseline.count)
        }
        n += 1
        noise.observe(v)
        let reference: Double
        let scaleSide: Double?
        if againstBaseline {
            baseline.evict(before: t.adding(Duration(milliseconds: -spec.window.milliseconds)))
            guard baselineNoise.count >= spec.warmup / 2, noise.count >= 10, let bm = baseline.mean,
                  let bs = baselineNoise.sigma() else {
                return remember(status: .warmingUp, detail: .cusumLearning(n: baselineNoise.count, of: spec.warmup / 2),
                                value: v, baseline: baseline.mean, samples: n, baselineSamples: baselineNoise.count)
            }
            reference = bm
            scaleSide = bs
        } else {
            if level == nil {
                warm.append(v)
                guard warm.count >= spec.warmup else {
                    profile.add(t, v)
                    return remember(status: .warmingUp, detail: .cusumLearning(n: warm.count, of: spec.warmup),
                                    value: v, baseline: nil, samples: n, baselineSamples: warm.count)
                }
                // The mean winsorized at the median ± 5σ: robust to gross
                // outliers, unlike a median not stuck on one of a small-count
                // rate's few values, and (clipping only far out) not biased
                // on a skewed rate as a trimmed mean or a ±3σ clip is.
                let median = kthSmallest(warm.count / 2, of: warm)
                let bound = 5 * (noise.sigma() ?? 0)
                level = warm.reduce(0) { $0 + min(max($1, median - bound), median + bound) } / Double(warm.count)
                warm = []
            }
            reference = profile.yesterday(at: t) ?? level ?? v
            scaleSide = nil
        }
        let sigma = max(noise.sigma() ?? 0, scaleSide ?? 0, spec.minSigma ?? 0, abs(reference) * 1e-3, 1e-9)
        let z = (v - reference) / sigma
        let worse = spec.direction == .higherIsWorse ? z : -z
        // `min_shift` is a dead band: a level within half of it from the
        // reference is in control, and the usual slack k applies beyond it.
        // A slack of only half the shift (k = δ/2) would let a real level
        // wander that reaches the band's edge add up at no cost.
        let slack = spec.slack + (spec.minShift ?? 0) / 2 / sigma
        sum = max(0, sum + min(max(worse, -Self.clip), Self.clip) - slack)
        if sum >= spec.threshold { failing = true } else if sum == 0 { failing = false }
        if !againstBaseline {
            // Tomorrow's reference: winsorized, so one outlier does not move it.
            profile.add(t, reference + min(max(v - reference, -Self.clip * sigma), Self.clip * sigma))
        }
        return remember(status: failing ? .failing : .ok,
                        detail: .cusum(sum: sum, limit: spec.threshold, sigma: sigma),
                        value: v, baseline: reference, samples: n,
                        baselineSamples: againstBaseline ? baseline.count : spec.warmup)
    }

    private mutating func remember(status: SignalStatus, detail: Judgment.Detail, value: Double?, baseline: Double?,
                                   samples: Int, baselineSamples: Int) -> Judgment {
        let j = Judgment(status: status, detail: detail, value: value, baseline: baseline, samples: samples,
                         baselineSamples: baselineSamples)
        last = j
        return j
    }
}
