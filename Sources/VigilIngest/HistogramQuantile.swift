import VigilCore

/// The φ-quantile of a histogram from its cumulative buckets, as Prometheus'
/// `histogram_quantile` computes it: find the bucket holding rank φ·total and
/// interpolate linearly inside it. `buckets` are (upper bound, cumulative
/// count or rate) in any order and must include `+Inf`. Nil when there is
/// nothing to rank (no `+Inf` bucket, a zero total, φ outside 0...1).
public func histogramQuantile(_ phi: Double, buckets: [(le: Double, count: Double)]) -> Double? {
    guard phi >= 0, phi <= 1, !buckets.isEmpty else { return nil }
    let sorted = buckets.sorted { $0.le < $1.le }
    guard let last = sorted.last, last.le == .infinity, last.count > 0, last.count.isFinite else { return nil }
    // Cumulative counts can dip from float noise in rates; keep them monotone.
    var counts = sorted.map(\.count)
    for i in counts.indices.dropFirst() where counts[i] < counts[i - 1] { counts[i] = counts[i - 1] }
    let rank = phi * last.count
    guard let i = counts.firstIndex(where: { $0 >= rank }) else { return nil }
    if sorted[i].le == .infinity {
        // Prometheus answers with the highest finite bound.
        return sorted.count >= 2 ? sorted[sorted.count - 2].le : nil
    }
    let upper = sorted[i].le
    let lower = i == 0 ? min(0, upper) : sorted[i - 1].le
    let below = i == 0 ? 0 : counts[i - 1]
    let inBucket = counts[i] - below
    guard inBucket > 0 else { return upper }
    return lower + (upper - lower) * (rank - below) / inBucket
}

/// Collects one scrape's histogram bucket rates and emits the asked quantiles
/// as samples named after the family, labelled `quantile="0.95"`.
struct QuantileCollector {
    let quantiles: [Double]
    private var groups: [Labels: [(le: Double, count: Double)]] = [:]
    private var order: [Labels] = []

    init(quantiles: [Double]) { self.quantiles = quantiles }

    /// A bucket's rate; `labels` are the bucket sample's label set.
    mutating func add(bucket s: ExpositionSample, labels bucketLabels: Labels, rate: Double) {
        guard !quantiles.isEmpty, let leText = s.label("le"), let le = Double(leText)
        else { return }
        let labels = bucketLabels.removing("le")
        if groups[labels] == nil { order.append(labels) }
        groups[labels, default: []].append((le, rate))
    }

    /// The quantile samples for `family` at `time`, in a stable order; resets.
    mutating func flush(family: String, at time: EventTime) -> [Record] {
        defer { groups.removeAll(); order.removeAll() }
        var out: [Record] = []
        for labels in order {
            guard let buckets = groups[labels] else { continue }
            for q in quantiles {
                guard let v = histogramQuantile(q, buckets: buckets) else { continue }
                out.append(.sample(Sample(time: time, metric: family, value: v,
                                          labels: labels.setting("quantile", exactNumberText(q)))))
            }
        }
        return out
    }
}
