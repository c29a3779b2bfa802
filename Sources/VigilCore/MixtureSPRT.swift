/// One step of the normal-mixture SPRT (Johari et al. 2017) on a
/// difference of two window means, with hysteresis: shared by the canary
/// comparison and the before/after comparison, which differ only in what
/// the two windows hold.
///
/// Λ = sqrt(V / (V + τ²)) · exp(τ² Δ² / (2 V (V + τ²))), Δ the difference of
/// means, V its estimated variance and τ the smallest effect worth acting
/// on. Fails at Λ ≥ 1/α with |Δ| ≥ τ in the bad direction; once failing,
/// recovers only below τ/2 or half the log boundary.
struct MixtureSPRT {
    var failing = false

    mutating func judge(tested: SeriesWindow, reference: SeriesWindow, direction: Direction, effect minimum: Double,
                        relativeEffect: Double?, boundary: Double) -> Judgment? {
        guard let tm = tested.mean, let rm = reference.mean else { return nil }
        let diff = tm - rm
        // A variance floor keeps a perfectly flat series from dividing by zero.
        let v = max((tested.variance ?? 0) / Double(tested.count)
                    + (reference.variance ?? 0) / Double(reference.count), 1e-12)
        let effect = max(minimum, (relativeEffect ?? 0) * abs(rm))
        let tau2 = max(effect * effect, 1e-12)
        let logLambda = 0.5 * log(v / (v + tau2)) + tau2 * diff * diff / (2 * v * (v + tau2))
        let worse = direction.isWorse(tm, than: rm)
        if failing {
            failing = worse && abs(diff) >= effect / 2 && logLambda >= boundary / 2
        } else {
            failing = worse && abs(diff) >= effect && logLambda >= boundary
        }
        return Judgment(status: failing ? .failing : .ok,
                        detail: .canary(diff: diff, z: abs(diff) / v.squareRoot(), logLambda: logLambda, limit: boundary),
                        value: tm, baseline: rm, samples: tested.count, baselineSamples: reference.count)
    }
}
