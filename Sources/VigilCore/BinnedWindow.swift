/// A histogram over a trailing event-time window in O(bins × slots) memory:
/// the window is cut into `slots` time slices, each with its own bin counts,
/// and whole slices expire. The window's edge is accurate to one slice.
struct BinnedWindow: Hashable, Sendable {
    let bins: Int
    let lower: Double
    let upper: Double
    let sliceMillis: Int64
    /// The slices' bin counts, slice after slice (`bins` each).
    private var slices: [Int]
    private var sliceIDs: [Int64]
    private(set) var totals: [Int]
    private(set) var count = 0
    /// No live slice is older than this (Int64.max: none), so most samples
    /// expire nothing after one comparison.
    private var oldest: Int64 = .max
    /// The newest slice written and its slot: most samples land in it.
    private var newest: Int64 = .min
    private var newestSlot = 0

    init(bins: Int, lower: Double, upper: Double, span: Duration, slots: Int = 12) {
        self.bins = bins; self.lower = lower; self.upper = upper
        self.sliceMillis = max(1, span.milliseconds / Int64(slots))
        slices = Array(repeating: 0, count: bins * slots)
        sliceIDs = Array(repeating: .min, count: slots)
        totals = Array(repeating: 0, count: bins)
    }

    func bin(of v: Double) -> Int {
        let f = (v - lower) / (upper - lower)
        return min(bins - 1, max(0, Int((f * Double(bins)).rounded(.down))))
    }

    mutating func append(_ t: EventTime, _ v: Double) {
        let id = t.milliseconds.floorDivided(by: sliceMillis).quotient
        if oldest <= id - Int64(sliceIDs.count) { expire(upTo: id) }
        let s = id == newest ? newestSlot : Int(id.floorDivided(by: Int64(sliceIDs.count)).remainder)
        if sliceIDs[s] != id { clear(s); sliceIDs[s] = id; oldest = min(oldest, id) }
        newest = id; newestSlot = s
        let b = bin(of: v)
        slices[s * bins + b] += 1
        totals[b] += 1
        count += 1
    }

    /// Adds without ever expiring (a frozen reference).
    mutating func accumulate(_ v: Double) {
        let b = bin(of: v)
        totals[b] += 1
        count += 1
    }

    private mutating func expire(upTo id: Int64) {
        oldest = .max
        for s in sliceIDs.indices where sliceIDs[s] != .min {
            if sliceIDs[s] <= id - Int64(sliceIDs.count) { clear(s) } else { oldest = min(oldest, sliceIDs[s]) }
        }
    }

    /// Takes slice `s`'s counts out of the totals (a slice cleared to be
    /// reused may have been the oldest: `oldest` then stays a lower bound).
    private mutating func clear(_ s: Int) {
        let bins = bins
        var removed = 0
        slices.withUnsafeMutableBufferPointer { slices in
            totals.withUnsafeMutableBufferPointer { totals in
                for b in 0..<bins where slices[s * bins + b] > 0 {
                    totals[b] -= slices[s * bins + b]
                    removed += slices[s * bins + b]
                    slices[s * bins + b] = 0
                }
            }
        }
        count -= removed
        sliceIDs[s] = .min
    }
}

/// How far apart two histograms on the same bins are, three ways.
struct DistributionShift: Hashable, Sendable {
    /// Population stability index: Σ (aᵢ − eᵢ) ln(aᵢ/eᵢ).
    var psi: Double
    /// Jensen–Shannon divergence, base 2 (0…1).
    var js: Double
    /// Wasserstein-1 (earth mover's) distance in the metric's units:
    /// Σ |Aᵢ − Eᵢ| · binWidth over the cumulative distributions, so a
    /// same-mean move of mass outward (scores turning bimodal) counts by
    /// how far the mass moved, not only that bins differ.
    var wasserstein: Double
}

/// PSI and Jensen–Shannon divergence of two histograms on the same bins,
/// with empty bins smoothed by half a count; Wasserstein-1 on the raw
/// (unsmoothed) shares.
func distributionShift(actual: [Int], expected: [Int], binWidth: Double = 1) -> DistributionShift {
    let na = Double(actual.reduce(0, +)) + 0.5 * Double(actual.count)
    let ne = Double(expected.reduce(0, +)) + 0.5 * Double(expected.count)
    let ra = Double(max(actual.reduce(0, +), 1)), re = Double(max(expected.reduce(0, +), 1))
    var psi = 0.0
    var js = 0.0
    var cdfA = 0.0, cdfE = 0.0, w = 0.0
    for i in actual.indices {
        let a = (Double(actual[i]) + 0.5) / na
        let e = (Double(expected[i]) + 0.5) / ne
        psi += (a - e) * log(a / e)
        let m = (a + e) / 2
        js += 0.5 * a * log2(a / m) + 0.5 * e * log2(e / m)
        cdfA += Double(actual[i]) / ra
        cdfE += Double(expected[i]) / re
        w += abs(cdfA - cdfE) * binWidth
    }
    return DistributionShift(psi: psi, js: js, wasserstein: w)
}
