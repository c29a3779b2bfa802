/// A series' sample-to-sample noise, from the absolute differences of
/// consecutive samples over a trailing count: σ ≈ median|Δ| / 0.954
/// (for normal noise |Δ| has median 0.6745·√2·σ). Differences ignore the
/// level, so a slow drift or a daily cycle does not inflate the scale, a
/// step shows up in one difference only, and heavy tails move the median
/// little. Re-estimated as samples arrive, never frozen.
///
/// Rates from small counts take a few discrete values, skewed near 0 or 1,
/// and their median difference is one step or 0 whatever the spread; the
/// mean squared difference (E Δ² = 2σ² for any independent noise, von
/// Neumann) is not fooled by that, so σ is the larger of the two estimates
/// (with heavy tails the squared one is larger: conservative).
///
/// The differences are also kept in order (`ordered`), two binary searches
/// and one shift per sample, because sorting the window at every estimate
/// was the largest single cost of a backtest (docs/performance.md).
struct NoiseScale: Hashable, Sendable {
    let capacity: Int
    /// The differences in arrival order (a ring once full).
    private var diffs: [Double] = []
    /// The same differences, ascending. Unused while any is NaN.
    private var ordered: [Double] = []
    private var nanCount = 0
    private var next = 0
    private var previous: Double?
    private var cached: Double?
    private var sinceEstimate = 0

    init(capacity: Int) { self.capacity = max(capacity, 8) }

    var count: Int { diffs.count }

    mutating func observe(_ v: Double) {
        defer { previous = v }
        guard let p = previous else { return }
        let d = abs(v - p)
        if diffs.count < capacity {
            diffs.append(d)
            if d.isNaN { nanCount += 1 } else { ordered.insert(d, at: Self.firstIndex(notBelow: d, in: ordered[...])) }
        } else {
            let old = diffs[next]
            diffs[next] = d
            next = (next + 1) % capacity
            switch (old.isNaN, d.isNaN) {
            case (true, true): break
            case (true, false):
                nanCount -= 1
                ordered.insert(d, at: Self.firstIndex(notBelow: d, in: ordered[...]))
            case (false, true):
                nanCount += 1
                ordered.remove(at: Self.firstIndex(notBelow: old, in: ordered[...]))
            case (false, false): replace(old, with: d)
            }
        }
        // Re-estimating costs a pass over the window: once every 8
        // differences is enough.
        sinceEstimate += 1
        if sinceEstimate >= 8 || diffs.count < 16 { cached = nil }
    }

    /// σ of one sample's noise, or nil before two samples.
    mutating func sigma() -> Double? {
        if let c = cached { return c }
        guard let s = estimate() else { return nil }
        cached = s
        sinceEstimate = 0
        return s
    }

    /// The estimate from the window as it stands, uncached.
    func estimate() -> Double? {
        guard !diffs.isEmpty else { return nil }
        // With a NaN in the window the order is the sort's own (NaN is
        // unordered), so the window is sorted as it stands.
        let median = nanCount == 0 ? ordered[(ordered.count - 1) / 2] : diffs.sorted()[(diffs.count - 1) / 2]
        let meanSquare = diffs.reduce(0) { $0 + $1 * $1 } / Double(diffs.count)
        return max(median / 0.9539, (meanSquare / 2).squareRoot())
    }

    /// Moves `old`'s place in `ordered` to where `d` belongs: one shift of
    /// the elements between the two places, not a removal and an insertion.
    private mutating func replace(_ old: Double, with d: Double) {
        let r = Self.firstIndex(notBelow: old, in: ordered[...])
        if d >= old {
            // Everything before r is below old, so d's place is after it.
            let j = Self.firstIndex(notBelow: d, in: ordered[(r + 1)...])
            ordered.withUnsafeMutableBufferPointer { b in
                var i = r
                while i + 1 < j { b[i] = b[i + 1]; i += 1 }
                b[j - 1] = d
            }
        } else {
            let q = Self.firstIndex(notBelow: d, in: ordered[..<r])
            ordered.withUnsafeMutableBufferPointer { b in
                var i = r
                while i > q { b[i] = b[i - 1]; i -= 1 }
                b[q] = d
            }
        }
    }

    /// The first index whose element is not below `d` (equal doubles are
    /// the same value, so any of them can be removed).
    private static func firstIndex(notBelow d: Double, in a: ArraySlice<Double>) -> Int {
        var (lo, hi) = (a.startIndex, a.endIndex)
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < d { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
