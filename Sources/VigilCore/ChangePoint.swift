/// When a failing series changed, estimated from its own recent values: the
/// evidence that blame is weighed against (`Blame`).
public struct ChangePoint: Hashable, Sendable {
    /// The first minute of the series' new level; or, when no split of what
    /// is held is significant, the first minute held (the series has looked
    /// the same since then, e.g. a canary bad from its first sample).
    public var time: EventTime
    /// True when a split was significant, false when `time` is where the
    /// held values begin.
    public var located: Bool
    /// The means before and after the split (before is nil when not located).
    public var before: Double?
    public var after: Double

    public init(time: EventTime, located: Bool, before: Double?, after: Double) {
        self.time = time; self.located = located; self.before = before; self.after = after
    }
}

/// The last `capacity` minutes of one series as per-minute count, sum and
/// sum of squares: bounded memory (3.5 KB) whatever the sample rate,
/// enough to place a change to the minute within the last three hours.
struct MinuteBins: Sendable {
    static let capacity = 180
    static let widthMillis: Int64 = 60_000
    /// Significance of the best onset: a Bonferroni bound over the
    /// candidates, 2·log((m − 1)/α) on the χ²₂ statistic, at α = 1%.
    static let alpha = 0.01

    /// Per minute slot: count, sum and sum of squares, in two arrays, the
    /// sum and sum of squares side by side in `moments` (20 bytes a minute;
    /// each feed of detector units holds one, so memory counts; two arrays
    /// are two uniqueness checks per sample, not three). A slot holds
    /// minute `id` of the span ending at `newest` where
    /// `id mod capacity` is the slot; slots of minutes that fell out of the
    /// span are emptied as `newest` moves on, so no minute id is stored.
    private var counts: [Int32] = []
    /// Slot `s`'s sum at `2s`, its sum of squares at `2s + 1`.
    private var moments: [Double] = []
    private var newest: Int64?
    /// Where the newest minute starts (ms) and its slot, while `newestKnown`:
    /// a sample in the newest minute (most samples) needs no division.
    private var newestStart: Int64 = 0
    private var newestSlot = 0
    private var newestKnown = false

    mutating func add(_ t: EventTime, _ v: Double) {
        let ms = t.milliseconds
        let s: Int
        // `ms - newestStart` taken unsigned: exact, as `ms >= newestStart`.
        if newestKnown, ms >= newestStart, UInt64(bitPattern: ms &- newestStart) < UInt64(Self.widthMillis) {
            s = newestSlot
        } else {
            let id = ms.floorDivided(by: Self.widthMillis).quotient
            // A late sample older than everything held is outside the span anyway.
            if let n = newest, id <= n - Int64(Self.capacity) { return }
            if counts.isEmpty {
                counts = Array(repeating: 0, count: Self.capacity)
                moments = Array(repeating: 0, count: 2 * Self.capacity)
            }
            if let n = newest, id > n {
                // The minutes after the newest held are empty so far: their slots
                // give up the minutes that fall out of the span.
                for skipped in (n + 1)...min(id, n + Int64(Self.capacity)) {
                    let s = Self.slot(skipped)
                    counts[s] = 0; moments[2 * s] = 0; moments[2 * s + 1] = 0
                }
            }
            s = Self.slot(id)
            if id >= newest ?? id {
                newest = id
                let (start, overflow) = id.multipliedReportingOverflow(by: Self.widthMillis)
                newestStart = start
                newestSlot = s
                newestKnown = !overflow
            }
        }
        // Two billion samples in one minute of one series: the rest of that
        // minute is left out rather than the count overflowing.
        guard counts[s] < .max else { return }
        counts[s] += 1
        moments.withUnsafeMutableBufferPointer { m in m[2 * s] += v; m[2 * s + 1] += v * v }
    }

    private static func slot(_ id: Int64) -> Int { Int(id.floorDivided(by: Int64(capacity)).remainder) }

    /// The minutes holding samples, oldest first.
    func heldMinutes() -> [(id: Int64, count: Int, sum: Double, square: Double)] {
        guard let newest else { return [] }
        var held: [(id: Int64, count: Int, sum: Double, square: Double)] = []
        for id in (newest - Int64(Self.capacity) + 1)...newest {
            let s = Self.slot(id)
            if counts[s] > 0 { held.append((id, Int(counts[s]), moments[2 * s], moments[2 * s + 1])) }
        }
        return held
    }

    /// The onset of the change, by least squares over the held minutes: the
    /// series is fitted as a level that moves linearly from minute k to
    /// minute k₂ and then stays (y = a + b·clamp(t − t_k + 1, 0, t_{k₂−1} −
    /// t_k + 1), weighted by samples per minute), for every k < k₂; the best
    /// k is the onset. The shape covers a step (k₂ = k + 1), a rise still
    /// going (k₂ at the end) and a rise that levelled off. A step-only fit
    /// splits a rise near its middle, and a ramp that never levels off
    /// starts early to follow a plateau; either blames the wrong change.
    /// Accepted when the fit beats a constant by more than a Bonferroni bound
    /// over the candidates on the χ²₂ statistic (2·log((m − 1)/α), α = 1%)
    /// in the within-fit variance. O(m²) with prefix sums (m ≤ 180), only
    /// when a proposal is made.
    func changePoint() -> ChangePoint? {
        let held = heldMinutes()
        guard let first = held.first else { return nil }
        let m = held.count
        let w = held.map { Double($0.count) }
        let n = w.reduce(0, +)
        let mean = held.reduce(0.0) { $0 + $1.sum } / n
        // Centred minute means keep the normal equations well conditioned;
        // minutes are counted from the first held.
        let y = held.map { $0.sum / Double($0.count) - mean }
        let t = held.map { Double($0.id - first.id) }
        let rss0 = zip(w, y).reduce(0.0) { $0 + $1.0 * $1.1 * $1.1 }
        // Spread within minutes: a residual no fit of minute means removes.
        let within = max(0, held.reduce(0.0) { $0 + $1.square } - n * mean * mean - rss0)
        let start = EventTime(milliseconds: first.id &* Self.widthMillis)
        let unlocated = ChangePoint(time: start, located: false, before: nil, after: mean)
        guard m >= 4 else { return unlocated }
        // Prefix sums of w, w·t, w·t², w·y, w·t·y.
        var pw = [0.0], pt = [0.0], ptt = [0.0], py = [0.0], pty = [0.0]
        for i in 0..<m {
            pw.append(pw[i] + w[i]); pt.append(pt[i] + w[i] * t[i]); ptt.append(ptt[i] + w[i] * t[i] * t[i])
            py.append(py[i] + w[i] * y[i]); pty.append(pty[i] + w[i] * t[i] * y[i])
        }
        var best: (k: Int, rss: Double, a: Double, rise: Double)?
        for k in 1..<m {
            let c = t[k] - 1
            for k2 in (k + 1)...m {
                // The ramp: x = t − c on minutes k..<k2; then the plateau x = d.
                let sw = pw[k2] - pw[k], st = pt[k2] - pt[k], stt = ptt[k2] - ptt[k]
                let sy = py[k2] - py[k], sty = pty[k2] - pty[k]
                let d = t[k2 - 1] - c
                let tw = pw[m] - pw[k2], ty = py[m] - py[k2]
                let sx = st - c * sw + d * tw
                let sxx = stt - 2 * c * st + c * c * sw + d * d * tw
                let sxy = sty - c * sy + d * ty
                // Columns 1 and x; Σw·y = 0, so RSS = rss0 − b·Σw·x·y.
                let det = n * sxx - sx * sx
                guard det.isFinite, det > 1e-9 * max(n * sxx, 1e-300) else { continue }
                let b = n * sxy / det
                let rss = rss0 - b * sxy
                if best == nil || rss < best!.rss { best = (k, rss, -sx * sxy / det, b * d) }
            }
        }
        guard let best else { return unlocated }
        let variance = max((within + max(best.rss, 0)) / max(n - 3, 1), 1e-12)
        let limit = 2 * log(Double(m - 1) / Self.alpha)
        guard (rss0 - best.rss) / variance >= limit else { return unlocated }
        return ChangePoint(time: EventTime(milliseconds: held[best.k].id &* Self.widthMillis), located: true,
                           before: best.a + mean, after: best.a + best.rise + mean)
    }
}
