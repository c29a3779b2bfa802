/// A histogram over a trailing event-time window in O(bins × slots) memory:
/// the window is cut into `slots` time slices, each with its own bin counts,
/// and whole slices expire. The window's edge is accurate to one slice.
struct BinnedWindow: Hashable, Sendable {
    let bins: Int
    let lower: Double
    let upper: Double
    let sliceMillis: Int64
    private var slices: [[Int]]
    private var sliceIDs: [Int64]
    private(set) var totals: [Int]
    private(set) var count = 0

    init(bins: Int, lower: Double, upper: Double, span: Duration, slots: Int = 12) {
        self.bins = bins; self.lower = lower; self.upper = upper
        self.sliceMillis = max(1, span.milliseconds / Int64(slots))
        slices = Array(repeating: Array(repeating: 0, count: bins), count: slots)
        sliceIDs = Array(repeating: .min, count: slots)
        totals = Array(repeating: 0, count: bins)
    }

    func bin(of v: Double) -> Int {
        let f = (v - lower) / (upper - lower)
        return min(bins - 1, max(0, Int((f * Double(bins)).rounded(.down))))
    }

    mutating func append(_ t: EventTime, _ v: Double) {
        let id = t.milliseconds.floorDivided(by: sliceMillis).quotient
        expire(upTo: id)
        let s = Int(id.floorDivided(by: Int64(slices.count)).remainder)
        if sliceIDs[s] != id { clear(s); sliceIDs[s] = id }
        let b = bin(of: v)
        slices[s][b] += 1
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
        for s in slices.indices where sliceIDs[s] != .min && sliceIDs[s] <= id - Int64(slices.count) {
            clear(s)
        }
    }

    private mutating func clear(_ s: Int) {
        for b in 0..<bins where slices[s][b] > 0 {
            totals[b] -= slices[s][b]
            count -= slices[s][b]
            slices[s][b] = 0
        }
        sliceIDs[s] = .min
    }
}

/// Population stability index and Jensen-Shannon divergence (base 2) of two
/// histograms on the same bins; empty bins are smoothed by half a count.
func distributionShift(actual: [Int], expected: [Int]) -> (psi: Double, js: Double) {
    let na = Double(actual.reduce(0, +)) + 0.5 * Double(actual.count)
    let ne = Double(expected.reduce(0, +)) + 0.5 * Double(expected.count)
    var psi = 0.0
    var js = 0.0
    for i in actual.indices {
        let a = (Double(actual[i]) + 0.5) / na
        let e = (Double(expected[i]) + 0.5) / ne
        psi += (a - e) * log(a / e)
        let m = (a + e) / 2
        js += 0.5 * a * log2(a / m) + 0.5 * e * log2(e / m)
    }
    return (psi, js)
}
