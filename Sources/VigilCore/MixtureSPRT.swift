/// The normal-mixture SPRT (Johari, Pekelis, Walsh 2017) on the difference
/// of two means, with hysteresis, and the confidence sequence that comes
/// from the same mixture: shared by the canary comparison and the
/// before/after comparison, which differ only in what the two sides hold.
///
/// Λ(x) = sqrt(V / (V + τ²)) · exp(τ² x² / (2 V (V + τ²))), V the estimated
/// variance of the difference of means Δ and τ the smallest effect worth
/// acting on. The null tested is "the effect is at most τ/2 in the bad
/// direction": x is how far Δ goes beyond τ/2 that way (0 if it does not).
/// Fails at Λ(x) ≥ 1/α with |Δ| ≥ τ in the bad direction; once failing,
/// recovers only below τ/2 or half the log boundary.
///
/// Both sides are meant to *accumulate* from the change under test: Λ is a
/// nonnegative martingale under the null for every sample size, so by
/// Ville's inequality P(Λ ever reaches 1/α) ≤ α however long the sample
/// grows and however often it is checked. A sliding window throws that
/// guarantee and the evidence away. The margin τ/2 is what makes growing
/// samples safe: two arms of a real service are never exactly equal (their
/// levels wander, their traffic differs), and a test of "exactly no
/// difference" on hours of data rejects for a difference far below τ;
/// "more than τ/2" is what the point estimate must exceed to stay failing
/// anyway (docs/decisions/0019).
struct MixtureSPRT: Sendable {
    /// log(1/α): the boundary on log Λ, a constant of the spec.
    let boundary: Double
    var failing = false

    init(alpha: Double) {
        boundary = log(1 / alpha)
    }

    mutating func judge(tested: RunningMoments, reference: RunningMoments, direction: Direction, effect minimum: Double,
                        relativeEffect: Double?) -> Judgment? {
        guard let tm = tested.mean, let rm = reference.mean else { return nil }
        let diff = tm - rm
        // A variance floor keeps a perfectly flat series from dividing by zero.
        let v = max((tested.variance ?? 0) / Double(tested.count)
                    + (reference.variance ?? 0) / Double(reference.count), 1e-12)
        let effect = max(minimum, (relativeEffect ?? 0) * abs(rm))
        let tau2 = max(effect * effect, 1e-12)
        let worse = direction.isWorse(tm, than: rm)
        let excess = worse ? max(0, abs(diff) - effect / 2) : 0
        let logLambda = 0.5 * log(v / (v + tau2)) + tau2 * excess * excess / (2 * v * (v + tau2))
        if failing {
            failing = worse && abs(diff) >= effect / 2 && logLambda >= boundary / 2
        } else {
            failing = worse && abs(diff) >= effect && logLambda >= boundary
        }
        return Judgment(status: failing ? .failing : .ok,
                        detail: .canary(diff: diff, variance: v, tau2: tau2, logLambda: logLambda, limit: boundary),
                        value: tm, baseline: rm, samples: tested.count, baselineSamples: reference.count)
    }

    /// The statistic readers see for a judgment: the z score of the
    /// difference and its always-valid interval (`radius`).
    static func statistic(diff: Double, variance v: Double, tau2: Double, logLambda: Double,
                          boundary: Double) -> Statistic {
        let r = radius(variance: v, tau2: tau2, boundary: boundary)
        return .canary(diff: diff, z: abs(diff) / v.squareRoot(), logLambda: logLambda, limit: boundary,
                       low: diff - r, high: diff + r)
    }

    /// Half the width of the always-valid (1 − α) interval for the true
    /// difference θ: the set of θ that the same test would not reject,
    /// {θ : Λ(Δ − θ) < 1/α}, which solves to
    /// |Δ − θ| < sqrt(2V(V + τ²)/τ² · (log(1/α) + ½ log((V + τ²)/V))).
    ///
    /// Why it holds at every stopping time (Robbins' normal mixture, as in
    /// Howard, Ramdas, McAuliffe, Sekhon 2021): for the true θ, Λ(Δ − θ) is
    /// a nonnegative martingale starting at 1, so by Ville's inequality the
    /// chance that it *ever* reaches 1/α is at most α. The interval misses
    /// θ only when that happens, so it covers θ at all sample sizes at once
    /// with probability ≥ 1 − α, and therefore also at the data-dependent
    /// moment a proposal is made. Unlike a fixed-n interval it does not
    /// need the sample size chosen in advance; it is wider for that, and
    /// narrows like sqrt(log n / n). Valid as the mixture SPRT is: with the
    /// variance estimated from the data, it holds for large samples (the
    /// `min_samples` floor).
    static func radius(variance v: Double, tau2: Double, boundary: Double) -> Double {
        (2 * v * (v + tau2) / tau2 * (boundary + 0.5 * log((v + tau2) / v))).squareRoot()
    }
}

/// The confidence of an interval whose test boundary is `limit` = log(1/α):
/// 1 − α, for the words beside a `Statistic.canary` interval.
public func intervalConfidence(limit: Double) -> Double { 1 - exp(-limit) }
