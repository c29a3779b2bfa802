import VigilCore
import VigilSystem

/// Notices, once, that a live watch has read many samples and no signal of
/// its policy matched any of them: a policy naming `errors.rate` over
/// files that hold `http_errors_total` watches nothing, and must say so
/// loudly instead of showing a calm screen.
final class SignalCoverage: @unchecked Sendable {
    /// Samples read before silence counts as "nothing matched".
    static let patience = 200
    private let lock = Lock()
    private let watched: [String: [Labels]]
    private var names: [String] = []
    private var seen: Set<String> = []
    private var samples = 0
    private var settled = false

    init(policy: Policy) {
        var watched: [String: [Labels]] = [:]
        for s in policy.signals where s.detector != .belief { watched[s.metric, default: []].append(s.match) }
        self.watched = watched
    }

    /// The warning to show, the one time it is due.
    func observe(_ batch: RecordBatch) -> String? {
        lock.lock()
        defer { lock.unlock() }
        guard !settled else { return nil }
        for i in batch.indices {
            let metric: String, labels: Labels
            switch batch.entry(i) {
            case .sample(_, _, let s): (metric, labels) = (batch.series[s].metric, batch.series[s].labels)
            case .record(.sample(let s)): (metric, labels) = (s.metric, s.labels)
            case .record: continue
            }
            samples += 1
            if watched[metric]?.contains(where: { m in m.allSatisfy { labels[$0.name] == $0.value } }) == true {
                settled = true
                return nil
            }
            if seen.count < 40, seen.insert(metric).inserted { names.append(metric) }
        }
        guard samples >= Self.patience else { return nil }
        settled = true
        let shown = names.map(TextSanitizer.clean)
        return "WARNING: no signal of the policy matched any of \(samples) samples; metrics seen: \(shown.joined(separator: ", "))"
    }
}
