import Testing
import VigilTestSupport
@testable import VigilCore

/// `BinnedWindow` skips the expiry scan while no slice can have expired and
/// reuses the last slice's slot; its totals must stay those of expiring
/// every slice on every sample, late and out-of-order samples included.
@Suite struct BinnedWindowTests {
    /// The window as specified: per-slice counts, every slice older than a
    /// whole window dropped before each sample, a slot's stale slice cleared.
    private struct Reference {
        let bins: Int, slots: Int, sliceMillis: Int64
        var slices: [[Int]], ids: [Int64], totals: [Int]
        init(bins: Int, span: Int64, slots: Int) {
            self.bins = bins; self.slots = slots; sliceMillis = max(1, span / Int64(slots))
            slices = Array(repeating: Array(repeating: 0, count: bins), count: slots)
            ids = Array(repeating: .min, count: slots)
            totals = Array(repeating: 0, count: bins)
        }
        mutating func append(_ ms: Int64, bin b: Int) {
            let id = ms.floorDivided(by: sliceMillis).quotient
            for s in 0..<slots where ids[s] != .min && ids[s] <= id - Int64(slots) { clear(s) }
            let s = Int(id.floorDivided(by: Int64(slots)).remainder)
            if ids[s] != id { clear(s); ids[s] = id }
            slices[s][b] += 1
            totals[b] += 1
        }
        mutating func clear(_ s: Int) {
            for b in 0..<bins { totals[b] -= slices[s][b]; slices[s][b] = 0 }
            ids[s] = .min
        }
    }

    @Test func totalsEqualExpiringEverySliceAtEverySample() {
        var rng = SplitMix64(seed: 21)
        var window = BinnedWindow(bins: 10, lower: 0, upper: 1, span: .minutes(15))
        var reference = Reference(bins: 10, span: 900_000, slots: 12)
        var t: Int64 = 1_771_027_200_000
        for i in 0..<20_000 {
            // Mostly a few hundred ms apart; now and then a gap of minutes
            // or more than the window, or a sample from the past.
            t += i % 500 == 0 ? Int64(rng.uniform() * 2_000_000) : Int64(rng.uniform() * 400)
            let late = i % 53 == 0 ? Int64(rng.uniform() * 1_200_000) : 0
            let v = rng.uniform()
            window.append(EventTime(milliseconds: t - late), v)
            reference.append(t - late, bin: window.bin(of: v))
            #expect(window.totals == reference.totals, "sample \(i)")
            #expect(window.count == reference.totals.reduce(0, +), "sample \(i)")
        }
    }
}
