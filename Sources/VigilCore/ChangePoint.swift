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
/// sum of squares: bounded memory (about 5 KB) whatever the sample rate,
/// enough to place a change to the minute within the last three hours.
struct MinuteBins: Sendable {
    static let capacity = 180
    static let widthMillis: Int64 = 60_000
    /// Significance of the best onset: a Bonferroni bound over the
    /// candidates, 2·log((m − 1)/α) on the χ²₂ statistic, at α = 1%.
    static let alpha = 0.01

    /// One minute's count, sum and sum of squares; one array of them, so a
    /// sample costs one uniqueness check, not four.
    private struct Minute: Sendable {
        var id: Int64 = .min
        var count = 0
        var sum = 0.0
        var square = 0.0
    }
    private var minutes: [Minute] = []
    private var newest: Int64?

    mutating func add(_ t: EventTime, _ v: Double) {
        if minutes.isEmpty { minutes = Array(repeating: Minute(), count: Self.capacity) }
        let id = t.milliseconds.floorDivided(by: Self.widthMillis).quotient
        // A late sample older than everything held is outside the span anyway.
        if let n = newest, id <= n - Int64(Self.capacity) { return }
        newest = max(newest ?? id, id)
        let s = Int(id.floorDivided(by: Int64(Self.capacity)).remainder)
        if minutes[s].id != id { minutes[s] = Minute(id: id) }
        minutes[s].count += 1; minutes[s].sum += v; minutes[s].square += v * v
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
        guard let newest else { return nil }
        var held: [Int] = []
        for s in minutes.indices where minutes[s].id != .min && minutes[s].id > newest - Int64(Self.capacity) { held.append(s) }
        held.sort { minutes[$0].id < minutes[$1].id }
        guard let first = held.first else { return nil }
        let m = held.count
        let w = held.map { Double(minutes[$0].count) }
        let n = w.reduce(0, +)
        let mean = held.reduce(0.0) { $0 + minutes[$1].sum } / n
        // Centred minute means keep the normal equations well conditioned;
        // minutes are counted from the first held.
        let y = held.map { minutes[$0].sum / Double(minutes[$0].count) - mean }
        let t = held.map { Double(minutes[$0].id - minutes[first].id) }
        let rss0 = zip(w, y).reduce(0.0) { $0 + $1.0 * $1.1 * $1.1 }
        // Spread within minutes: a residual no fit of minute means removes.
        let within = max(0, held.reduce(0.0) { $0 + minutes[$1].square } - n * mean * mean - rss0)
        let start = EventTime(milliseconds: minutes[first].id &* Self.widthMillis)
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
        return ChangePoint(time: EventTime(milliseconds: minutes[held[best.k]].id &* Self.widthMillis), located: true,
                           before: best.a + mean, after: best.a + best.rise + mean)
    }
}
