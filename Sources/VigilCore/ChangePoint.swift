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

    private var ids: [Int64] = []
    private var counts: [Int] = []
    private var sums: [Double] = []
    private var squares: [Double] = []
    private var newest: Int64?

    mutating func add(_ t: EventTime, _ v: Double) {
        if ids.isEmpty {
            ids = Array(repeating: .min, count: Self.capacity)
            counts = Array(repeating: 0, count: Self.capacity)
            sums = Array(repeating: 0, count: Self.capacity)
            squares = Array(repeating: 0, count: Self.capacity)
        }
        let id = t.milliseconds.floorDivided(by: Self.widthMillis).quotient
        // A late sample older than everything held is outside the span anyway.
        if let n = newest, id <= n - Int64(Self.capacity) { return }
        newest = max(newest ?? id, id)
        let s = Int(id.floorDivided(by: Int64(Self.capacity)).remainder)
        if ids[s] != id { ids[s] = id; counts[s] = 0; sums[s] = 0; squares[s] = 0 }
        counts[s] += 1; sums[s] += v; squares[s] += v * v
    }

    /// The onset of the change, by least squares over the held minutes: for
    /// each candidate minute τ, the series is fitted as a level before τ and
    /// a jump plus a straight ramp from τ on (y = a + c·[t ≥ τ] + b·(t − τ)₊,
    /// weighted by samples per minute), and the τ with the smallest residual
    /// is the onset. The ramp term matters: a series that *rises* after a
    /// change is split by a plain step fit near the middle of the rise, which
    /// would blame whatever changed then; the ramp fit puts τ where the rise
    /// begins. Accepted when the fit beats a constant by more than a
    /// Bonferroni bound over the candidates on the χ²₂ statistic
    /// (2·log((m − 1)/α), α = 1%) measured in the within-fit variance.
    /// About m² steps (m ≤ 180), only when a proposal is made.
    func changePoint() -> ChangePoint? {
        guard let newest else { return nil }
        var held: [Int] = []
        for s in ids.indices where ids[s] != .min && ids[s] > newest - Int64(Self.capacity) { held.append(s) }
        held.sort { ids[$0] < ids[$1] }
        guard let first = held.first else { return nil }
        let w = held.map { Double(counts[$0]) }
        let n = w.reduce(0, +)
        let mean = held.reduce(0.0) { $0 + sums[$1] } / n
        // Centred bin means keep the normal equations well conditioned.
        let y = held.map { sums[$0] / Double(counts[$0]) - mean }
        // Spread within minutes: a residual no fit of minute means removes.
        let within = max(0, held.reduce(0.0) { $0 + squares[$1] } - n * mean * mean
            - zip(w, y).reduce(0.0) { $0 + $1.0 * $1.1 * $1.1 })
        let rss0 = zip(w, y).reduce(0.0) { $0 + $1.0 * $1.1 * $1.1 }
        let start = EventTime(milliseconds: ids[first] * Self.widthMillis)
        let unlocated = ChangePoint(time: start, located: false, before: nil, after: mean)
        let m = held.count
        guard m >= 4 else { return unlocated }
        var best: (k: Int, rss: Double, a: Double, end: Double)?
        for k in 1...(m - 2) {
            var sd = 0.0, sx = 0.0, sxx = 0.0, sy = 0.0, syd = 0.0, syx = 0.0
            for i in 0..<m {
                sy += w[i] * y[i]
                guard i >= k else { continue }
                let x = Double(ids[held[i]] - ids[held[k]])
                sd += w[i]; sx += w[i] * x; sxx += w[i] * x * x
                syd += w[i] * y[i]; syx += w[i] * x * y[i]
            }
            // Normal equations for (a, c, b) on columns 1, d, x (d·x = x).
            let g = [[n, sd, sx], [sd, sd, sx], [sx, sx, sxx]]
            guard let beta = solve3(g, [sy, syd, syx]) else { continue }
            let rss = rss0 - (beta[0] * sy + beta[1] * syd + beta[2] * syx)
            let lastX = Double(ids[held[m - 1]] - ids[held[k]])
            if best == nil || rss < best!.rss {
                best = (k, rss, beta[0], beta[0] + beta[1] + beta[2] * lastX)
            }
        }
        guard let best else { return unlocated }
        let variance = max((within + max(best.rss, 0)) / max(n - 4, 1), 1e-12)
        let limit = 2 * log(Double(m - 1) / Self.alpha)
        guard (rss0 - best.rss) / variance >= limit else { return unlocated }
        return ChangePoint(time: EventTime(milliseconds: ids[held[best.k]] * Self.widthMillis), located: true,
                           before: best.a + mean, after: best.end + mean)
    }
}

/// Solves a 3×3 linear system by Cramer's rule; nil when it is singular
/// (e.g. a ramp over one minute, which any level fits).
private func solve3(_ g: [[Double]], _ r: [Double]) -> [Double]? {
    func det(_ a: [[Double]]) -> Double {
        a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
            - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
            + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
    }
    let d = det(g)
    let scale = g[0][0] * g[1][1] * g[2][2]
    guard d.isFinite, abs(d) > 1e-9 * max(abs(scale), 1e-300) else { return nil }
    return (0..<3).map { col in
        var a = g
        for row in 0..<3 { a[row][col] = r[row] }
        return det(a) / d
    }
}
