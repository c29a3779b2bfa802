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
struct NoiseScale: Hashable, Sendable {
    let capacity: Int
    /// The differences in arrival order (a ring once full).
    private var diffs: [Double] = []
    private var next = 0
    private var previous: Double?
    private var cached: Double?
    private var sinceEstimate = 0
    /// How many differences in the window are NaN: those have no place in
    /// an order, so the median then comes from `kthSmallest`, which sorts.
    private var nans = 0
    /// The last median found. Between two estimates only a few differences
    /// change, so the new median is within a few ranks of it: counting the
    /// window against it tells how many, and one pass picks that one.
    private var lastMedian: Double?
    /// The mean square's running sum at every 8th slot of the ring, in
    /// ring order: `partials[c]` sums the squares of `diffs[0..<8(c+1)]`.
    /// A re-estimate sums again only from the block of the first slot
    /// written since (`unchanged`): the same additions in the same order,
    /// about half of them (the sum is a chain of dependent additions).
    private var partials: [Double] = []
    private var unchanged = 0

    init(capacity: Int) { self.capacity = max(capacity, 8) }

    var count: Int { diffs.count }

    mutating func observe(_ v: Double) {
        defer { previous = v }
        guard let p = previous else { return }
        let d = abs(v - p)
        if d.isNaN { nans += 1 }
        if diffs.count < capacity {
            unchanged = min(unchanged, diffs.count)
            diffs.append(d)
        } else {
            if diffs[next].isNaN { nans -= 1 }
            unchanged = min(unchanged, next)
            diffs[next] = d
            next = next + 1 == capacity ? 0 : next + 1
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

    /// The estimate from the window as it stands, uncached: the lower
    /// median of the window (`sorted()[(count - 1) / 2]`, bit for bit) and
    /// the mean square summed in ring order, as the definition has it.
    mutating func estimate() -> Double? {
        guard !diffs.isEmpty else { return nil }
        let k = (diffs.count - 1) / 2
        let median: Double
        if nans > 0 {
            median = kthSmallest(k, of: diffs)
        } else if let m = lastMedian, let found = Self.rank(k, of: diffs, near: m) {
            median = found
        } else {
            median = kthSmallest(k, of: diffs)
        }
        lastMedian = nans > 0 ? nil : median
        let meanSquare = sumOfSquares() / Double(diffs.count)
        return max(median / 0.9539, (meanSquare / 2).squareRoot())
    }

    /// `diffs.reduce(0) { $0 + $1 * $1 }`, resumed from the last partial sum
    /// before the first slot written since the last call.
    private mutating func sumOfSquares() -> Double {
        let n = diffs.count
        if partials.isEmpty { partials = Array(repeating: 0, count: capacity / 8) }
        let block = unchanged / 8
        unchanged = n
        return diffs.withUnsafeBufferPointer { window in
            partials.withUnsafeMutableBufferPointer { partials in
                var sum = block == 0 ? 0.0 : partials[block - 1]
                var i = block * 8
                while i + 8 <= n {
                    for k in i..<(i + 8) { sum = sum + window[k] * window[k] }
                    i += 8
                    partials[i / 8 - 1] = sum
                }
                while i < n { sum = sum + window[i] * window[i]; i += 1 }
                return sum
            }
        }
    }

    /// How far from a guess the selection below still pays: beyond it the
    /// full selection is cheaper.
    static let nearRanks = 16

    /// `values.sorted()[k]` for values without NaN, found from a guess `m`:
    /// one pass counts the values below and up to `m`, which gives the
    /// answer's rank among the values on one side of `m`; a second pass
    /// keeps that side's nearest few. Nil when the answer is more than
    /// `nearRanks` away from `m`. Equal doubles are identical here (the
    /// differences are magnitudes: no −0), so any equal value is the value.
    static func rank(_ k: Int, of values: [Double], near m: Double) -> Double? {
        values.withUnsafeBufferPointer { window -> Double? in
            let n = window.count
            let pairs = n / 2
            let raw = UnsafeRawPointer(window.baseAddress!)
            let mv = SIMD2<Double>(repeating: m)
            let none = SIMD2<Int64>(), one = SIMD2<Int64>(repeating: 1)
            var belowV = SIMD2<Int64>(), upToV = SIMD2<Int64>()
            for i in 0..<pairs {
                let x = raw.loadUnaligned(fromByteOffset: i &* 16, as: SIMD2<Double>.self)
                belowV &+= none.replacing(with: one, where: x .< mv)
                upToV &+= none.replacing(with: one, where: x .<= mv)
            }
            var below = Int(belowV[0] &+ belowV[1]), upTo = Int(upToV[0] &+ upToV[1])
            if n % 2 == 1 {
                let x = window[n - 1]
                if x < m { below += 1 }
                if x <= m { upTo += 1 }
            }
            if below <= k && k < upTo { return m }
            let j = k < below ? below - k : k - upTo + 1
            guard j <= nearRanks else { return nil }
            return nearest(j, of: window, below: k < below, m)
        }
    }

    /// The j-th largest value below m (or the j-th smallest above it): one
    /// pass keeping the nearest j seen so far, in order. Values on the
    /// other side of m stand in as 0 (or +∞), which the j nearest real
    /// values outrank or equal (the differences are ≥ 0): a select instead
    /// of a branch that half the values would mispredict.
    private static func nearest(_ j: Int, of window: UnsafeBufferPointer<Double>, below: Bool, _ m: Double) -> Double {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: j) { nearest in
            if below {
                nearest.initialize(repeating: 0)
                var last = 0.0
                for x in window {
                    let c = x < m ? x : 0
                    guard c > last else { continue }
                    var b = j - 1
                    while b > 0 && c > nearest[b - 1] { nearest[b] = nearest[b - 1]; b -= 1 }
                    nearest[b] = c
                    last = nearest[j - 1]
                }
            } else {
                nearest.initialize(repeating: .infinity)
                var last = Double.infinity
                for x in window {
                    let c = x > m ? x : .infinity
                    guard c < last else { continue }
                    var b = j - 1
                    while b > 0 && c < nearest[b - 1] { nearest[b] = nearest[b - 1]; b -= 1 }
                    nearest[b] = c
                    last = nearest[j - 1]
                }
            }
            return nearest[j - 1]
        }
    }
}
