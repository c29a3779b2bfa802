import Testing
import VigilTestSupport
@testable import VigilCore

/// `NoiseScale` keeps its differences in order as they arrive instead of
/// sorting the window at every estimate; its σ must be the one a sort of
/// the same window gives, bit for bit, or backtests would change.
@Suite struct NoiseScaleTests {
    /// The estimate as defined: sort the window of the last `capacity`
    /// differences (kept as a ring, whose order the sum follows), take the
    /// lower median, compare with the root mean square difference.
    private func reference(_ window: [Double]) -> Double? {
        guard !window.isEmpty else { return nil }
        let sorted = window.sorted()
        let median = sorted[(sorted.count - 1) / 2]
        let meanSquare = window.reduce(0) { $0 + $1 * $1 } / Double(window.count)
        return max(median / 0.9539, (meanSquare / 2).squareRoot())
    }

    @Test(arguments: [(8, UInt64(1)), (16, 2), (120, 3), (121, 4)])
    func estimateEqualsSortingTheWindow(capacity: Int, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var scale = NoiseScale(capacity: capacity)
        var values: [Double] = []
        var ring: [Double] = [], next = 0
        var compared = 0
        for i in 0..<1_500 {
            // Repeated values (a small-count rate), zeros, a change of noise
            // and a NaN now and then: where keeping an order could drift
            // from sorting.
            let v: Double = if i % 300 == 7 { .nan } else if i % 3 == 0 {
                Double(Int(rng.uniform() * 4)) / 4
            } else { 100 + rng.uniform() * (i > 700 ? 50 : 5) }
            scale.observe(v)
            if let p = values.last {
                if ring.count < capacity { ring.append(abs(v - p)) } else { ring[next] = abs(v - p); next = (next + 1) % capacity }
            }
            values.append(v)
            let mine = scale.estimate(), theirs = reference(ring)
            #expect(mine?.bitPattern == theirs?.bitPattern, "sample \(i): \(String(describing: mine)) vs \(String(describing: theirs))")
            compared += 1
        }
        #expect(compared == 1_500)
    }

    /// The median is searched near the previous one: estimates asked after
    /// irregular gaps (a baseline's scale is asked only on canary samples),
    /// calm stretches then jumps of the level's noise (the median moving
    /// many ranks at once), infinities and few distinct values must all
    /// still give the sorted window's value.
    @Test(arguments: [(120, UInt64(5)), (121, 6), (9, 7), (33, 8)])
    func estimateAfterIrregularGapsEqualsSortingTheWindow(capacity: Int, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var scale = NoiseScale(capacity: capacity)
        var previous: Double?
        var ring: [Double] = [], next = 0
        var gap = 1, since = 0, compared = 0
        for i in 0..<6_000 {
            let v: Double = switch (i / 400) % 4 {
            case _ where i % 1_999 == 5: .infinity
            case _ where i % 997 == 7: .nan
            case 0: Double(Int(rng.uniform() * 4)) / 4
            case 1: 100 + rng.uniform() * (i % 800 < 600 ? 1 : 500)
            case 2: Double(i % 7)
            default: rng.uniform() * rng.uniform() * 1e6
            }
            scale.observe(v)
            if let p = previous {
                if ring.count < capacity { ring.append(abs(v - p)) } else { ring[next] = abs(v - p); next = (next + 1) % capacity }
            }
            previous = v
            since += 1
            guard since >= gap else { continue }
            since = 0
            gap = 1 + Int(rng.uniform() * 40)
            let mine = scale.estimate(), theirs = reference(ring)
            #expect(mine?.bitPattern == theirs?.bitPattern, "sample \(i): \(String(describing: mine)) vs \(String(describing: theirs))")
            compared += 1
        }
        #expect(compared > 200)
    }
}

@Suite struct LowerMedianTests {
    @Test(arguments: [1, 2, 3, 16, 17, 18, 33, 120, 121, 500])
    func selectionEqualsSorting(count: Int) {
        var rng = SplitMix64(seed: UInt64(count))
        for round in 0..<50 {
            // Few distinct values (ties everywhere), spread values, sorted and
            // reversed runs: the inputs a partition gets wrong first.
            var values: [Double] = (0..<count).map { _ in
                round % 2 == 0 ? Double(Int(rng.uniform() * 3)) : rng.uniform() * 100
            }
            if round % 5 == 1 { values.sort() }
            if round % 5 == 2 { values.sort(by: >) }
            let expected = values.sorted()[(count - 1) / 2]
            #expect(kthSmallest((count - 1) / 2, of: values).bitPattern == expected.bitPattern, "round \(round): \(values)")
        }
    }
}
