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
    func observe(_ records: [Record]) -> String? {
        lock.lock()
        defer { lock.unlock() }
        guard !settled else { return nil }
        for r in records {
            guard case .sample(let s) = r else { continue }
            samples += 1
            if watched[s.metric]?.contains(where: { m in m.allSatisfy { s.labels[$0.name] == $0.value } }) == true {
                settled = true
                return nil
            }
            if seen.count < 40, seen.insert(s.metric).inserted { names.append(s.metric) }
        }
        guard samples >= Self.patience else { return nil }
        settled = true
        let shown = names.map(TextSanitizer.clean)
        return "WARNING: no signal of the policy matched any of \(samples) samples; metrics seen: \(shown.joined(separator: ", "))"
    }
}
