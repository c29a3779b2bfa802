/// One-sided CUSUM on a baseline learned from the first `warmup` samples
/// (mean and standard deviation by Welford's method, then frozen, so slow
/// drift accumulates instead of being learned away).
struct CusumDetector: Sendable {
    let spec: CusumSpec
    private var n = 0
    private var mean = 0.0
    private var m2 = 0.0
    private var sigma = 0.0
    private var sum = 0.0
    private var failing = false
    private var last: Double?

    init(spec: CusumSpec) { self.spec = spec }

    mutating func observe(_ t: EventTime, _ v: Double) -> Judgment {
        last = v
        if n < spec.warmup {
            n += 1
            let d = v - mean
            mean += d / Double(n)
            m2 += d * (v - mean)
            if n == spec.warmup {
                let sd = (m2 / Double(max(n - 1, 1))).squareRoot()
                // Floor: a near-constant baseline must not make every wiggle an alarm.
                sigma = max(sd, 1e-6, abs(mean) * 1e-3)
            }
            return Judgment(status: .warmingUp, detail: .cusumLearning(n: n, of: spec.warmup),
                            value: v, baseline: n > 0 ? mean : nil, samples: n, baselineSamples: n)
        }
        let z = (v - mean) / sigma
        let step = spec.direction == .higherIsWorse ? z - spec.slack : -z - spec.slack
        sum = max(0, sum + step)
        if sum >= spec.threshold { failing = true } else if sum == 0 { failing = false }
        return Judgment(status: failing ? .failing : .ok,
                        detail: .cusum(sum: sum, limit: spec.threshold, sigma: sigma),
                        value: v, baseline: mean, samples: n, baselineSamples: spec.warmup)
    }
}
