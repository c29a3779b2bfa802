import Testing
import VigilTestSupport
@testable import VigilCore

/// `DailyProfile.yesterday` keeps its last answer until the bucket changes
/// or a sample lands in the buckets it read; the answer must always be the
/// one worked out afresh from the same samples.
@Suite struct DailyProfileTests {
    @Test func aKeptAnswerEqualsOneWorkedOutAfresh() {
        var rng = SplitMix64(seed: 11)
        var asked = DailyProfile()
        var neverAsked = DailyProfile()
        let start: Int64 = 1_771_027_200_000
        var t = start
        var answered = 0
        for i in 0..<40_000 {
            t += Int64(1 + rng.uniform() * 12_000)
            // Now and then a sample a day (give or take an hour) late, which
            // lands in the buckets yesterday's answer reads, or older still.
            let late = i % 97 == 0 ? Int64(86_400_000 + (rng.uniform() - 0.5) * 7_200_000)
                : i % 389 == 0 ? Int64(rng.uniform() * 2 * 86_400_000) : 0
            let v = 10 + rng.uniform()
            asked.add(EventTime(milliseconds: t - late), v)
            neverAsked.add(EventTime(milliseconds: t - late), v)
            var fresh = neverAsked
            let mine = asked.yesterday(at: EventTime(milliseconds: t))
            let theirs = fresh.yesterday(at: EventTime(milliseconds: t))
            #expect(mine?.bitPattern == theirs?.bitPattern, "sample \(i)")
            if mine != nil { answered += 1 }
        }
        #expect(answered > 10_000)
    }
}
