/// Count, mean and variance of every value added since the last reset, in
/// constant memory (Welford's update): the sufficient statistics of the
/// accumulating comparisons, so a test that runs for days holds three
/// numbers per side, not its samples.
struct RunningMoments: Hashable, Sendable {
    private(set) var count = 0
    private var runningMean = 0.0
    /// Sum of squared deviations from the running mean.
    private var m2 = 0.0

    init() {}

    /// Moments already summarised elsewhere (a trailing window's).
    init(count: Int, mean: Double?, variance: Double?) {
        self.count = count
        runningMean = mean ?? 0
        m2 = (variance ?? 0) * Double(max(count - 1, 0))
    }

    mutating func add(_ v: Double) {
        count += 1
        let delta = v - runningMean
        runningMean += delta / Double(count)
        m2 += delta * (v - runningMean)
    }

    var mean: Double? { count > 0 ? runningMean : nil }

    /// Sample variance (n-1); nil below two points.
    var variance: Double? { count > 1 ? max(0, m2 / Double(count - 1)) : nil }
}

extension SeriesWindow {
    /// The window's moments as they stand now.
    var moments: RunningMoments { RunningMoments(count: count, mean: mean, variance: variance) }
}
