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
    /// The last verdict on a judged sample, which a baseline sample repeats.
    /// Kept as plain numbers: storing a whole `Judgment` at every sample
    /// copied and destroyed its `Statistic` each time.
    private var last: Verdict?

    /// A `Judgment` of this detector, either kind, without its `Statistic`.
    private struct Verdict {
        var status: SignalStatus
        /// Learning: `learned` of `needed` samples; otherwise the sum.
        var learning: Bool
        var learned: Int, needed: Int
        var sum: Double, sigma: Double
        var value: Double?, baseline: Double?
        var samples: Int, baselineSamples: Int

        func judgment(limit: Double) -> Judgment {
            Judgment(status: status,
                     detail: learning ? .cusumLearning(n: learned, of: needed) : .cusum(sum: sum, limit: limit, sigma: sigma),
                     value: value, baseline: baseline, samples: samples, baselineSamples: baselineSamples)
        }
    }

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
            return last?.judgment(limit: spec.threshold)
                ?? Judgment(status: .warmingUp, detail: .cusumLearning(n: baselineNoise.count, of: spec.warmup / 2),
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
                return remember(Verdict(status: .warmingUp, learning: true, learned: baselineNoise.count, needed: spec.warmup / 2,
                                        sum: 0, sigma: 0, value: v, baseline: baseline.mean, samples: n,
                                        baselineSamples: baselineNoise.count))
            }
            reference = bm
            scaleSide = bs
        } else {
            if level == nil {
                warm.append(v)
                guard warm.count >= spec.warmup else {
                    profile.add(t, v)
                    return remember(Verdict(status: .warmingUp, learning: true, learned: warm.count, needed: spec.warmup,
                                            sum: 0, sigma: 0, value: v, baseline: nil, samples: n,
                                            baselineSamples: warm.count))
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
        return remember(Verdict(status: failing ? .failing : .ok, learning: false, learned: 0, needed: 0,
                                sum: sum, sigma: sigma, value: v, baseline: reference, samples: n,
                                baselineSamples: againstBaseline ? baseline.count : spec.warmup))
    }

    private mutating func remember(_ verdict: Verdict) -> Judgment {
        last = verdict
        return verdict.judgment(limit: spec.threshold)
    }
}
