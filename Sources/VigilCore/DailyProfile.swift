/// A series' level through the day, in 5-minute buckets over the last two
/// days: what the same time yesterday looked like, so a daily cycle is not
/// mistaken for a change. Memory is fixed (576 buckets, 13.5 KB), taken
/// at the first sample: a detector that never asks (a canary judged
/// against its baseline) never pays for it.
struct DailyProfile: Hashable, Sendable {
    static let bucketMillis: Int64 = 300_000
    static let perDay: Int64 = 288
    static let buckets = 576
    private var ids: [Int64] = []
    private var sums: [Double] = []
    private var counts: [Int] = []
    /// The bucket `yesterday` last answered for, and its answer: asked at
    /// every sample, it changes only when the bucket does or when `add`
    /// writes into the buckets it read.
    private var answeredBucket: Int64 = .min
    private var answer: Double?

    mutating func add(_ t: EventTime, _ v: Double) {
        if ids.isEmpty {
            ids = Array(repeating: .min, count: Self.buckets)
            sums = Array(repeating: 0, count: Self.buckets)
            counts = Array(repeating: 0, count: Self.buckets)
        }
        let id = t.milliseconds.floorDivided(by: Self.bucketMillis).quotient
        let s = Int(id.floorDivided(by: Int64(Self.buckets)).remainder)
        if ids[s] != id { ids[s] = id; sums[s] = 0; counts[s] = 0 }
        sums[s] += v
        counts[s] += 1
        // Slot s held or now holds one of the buckets the answer read.
        if answeredBucket != .min,
           (id - (answeredBucket - Self.perDay - 12)).floorDivided(by: Int64(Self.buckets)).remainder <= 24 {
            answeredBucket = .min
        }
    }

    /// The mean level within an hour either side of the same time
    /// yesterday, when at least 15 of those 25 buckets hold samples (two
    /// hours of samples: a reference from a few samples would be noisy
    /// enough to drift the sum by itself).
    mutating func yesterday(at t: EventTime) -> Double? {
        guard !ids.isEmpty else { return nil }
        let bucket = t.milliseconds.floorDivided(by: Self.bucketMillis).quotient
        if bucket == answeredBucket { return answer }
        let id = bucket - Self.perDay
        var sum = 0.0, n = 0, buckets = 0
        for b in (id - 12)...(id + 12) {
            let s = Int(b.floorDivided(by: Int64(Self.buckets)).remainder)
            guard ids[s] == b, counts[s] > 0 else { continue }
            sum += sums[s]; n += counts[s]; buckets += 1
        }
        answeredBucket = bucket
        answer = buckets >= 15 ? sum / Double(n) : nil
        return answer
    }
}
