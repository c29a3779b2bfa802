import Testing
import VigilTestSupport
@testable import VigilCore

/// `MinuteBins` stores no minute ids: a slot's minute follows from the
/// newest minute, and slots are emptied as it moves on. Checked against the
/// plain model (a dictionary of minutes, the last `capacity` of them kept).
@Suite struct MinuteBinsTests {
    private struct Model {
        var minutes: [Int64: (count: Int, sum: Double, square: Double)] = [:]
        var newest: Int64?
        mutating func add(_ ms: Int64, _ v: Double) {
            let id = ms.floorDivided(by: MinuteBins.widthMillis).quotient
            if let n = newest, id <= n - Int64(MinuteBins.capacity) { return }
            newest = max(newest ?? id, id)
            var m = minutes[id] ?? (0, 0, 0)
            m.count += 1; m.sum += v; m.square += v * v
            minutes[id] = m
        }
        var held: [(id: Int64, count: Int, sum: Double, square: Double)] {
            guard let newest else { return [] }
            return minutes.keys.sorted().filter { $0 > newest - Int64(MinuteBins.capacity) }
                .map { ($0, minutes[$0]!.count, minutes[$0]!.sum, minutes[$0]!.square) }
        }
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func heldMinutesMatchTheModel(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var bins = MinuteBins(), model = Model()
        var now: Int64 = 1_771_000_000_000
        for step in 0..<20_000 {
            // Mostly forward a few seconds; now and then a gap of minutes or
            // of more than the span, a late sample, or one before the epoch.
            let r = rng.uniform()
            if r < 0.90 { now += Int64(rng.uniform() * 20_000) }
            else if r < 0.93 { now += Int64(rng.uniform() * 3_600_000) }
            else if r < 0.94 { now += 4 * 3_600_000 }
            let late = rng.uniform() < 0.05
            let ms = late ? now - Int64(rng.uniform() * 4 * 3_600_000) : now
            let v = rng.uniform() * 10
            bins.add(EventTime(milliseconds: ms), v)
            model.add(ms, v)
            if step % 97 == 0 || step == 19_999 {
                let mine = bins.heldMinutes(), theirs = model.held
                #expect(mine.count == theirs.count, "step \(step)")
                for (a, b) in zip(mine, theirs) {
                    #expect(a.id == b.id && a.count == b.count && a.sum.bitPattern == b.sum.bitPattern
                            && a.square.bitPattern == b.square.bitPattern, "step \(step): \(a) vs \(b)")
                }
            }
        }
    }

    /// The newest minute's start is cached: at the ends of time it does not
    /// fit in an `Int64`, and the cache must not place a sample wrongly.
    @Test func timesAtTheEndsOfTheRangeMatchTheModel() {
        var bins = MinuteBins(), model = Model()
        let times: [Int64] = [.min, .min + 1, .min + 59_999, .max - 1, .max, .min, -1, 0, 59_999, 60_000, .max, -60_000]
        for (i, ms) in times.enumerated() {
            bins.add(EventTime(milliseconds: ms), Double(i))
            model.add(ms, Double(i))
            let mine = bins.heldMinutes(), theirs = model.held
            #expect(mine.map(\.id) == theirs.map(\.id) && mine.map(\.count) == theirs.map(\.count)
                    && mine.map(\.sum) == theirs.map(\.sum), "after \(ms)")
        }
    }

    @Test func minutesBeforeTheEpochAreHeldToo() {
        var bins = MinuteBins()
        bins.add(EventTime(milliseconds: -90_000), 1)  // minute −2
        bins.add(EventTime(milliseconds: -30_000), 2)  // minute −1
        #expect(bins.heldMinutes().map(\.id) == [-2, -1])
    }
}
