/// The latest requests per minute of each deployment's variants, from the
/// policy's traffic metric: what a proposal's blast radius is measured in.
struct TrafficTable: Sendable {
    private var keys: [String] = []
    private var latest: [String: Double] = [:]

    /// The slot for a deployment's variant, made on first sight; routes hold
    /// it so that a sample updates the table without building a key.
    mutating func slot(group: String, variant: String) -> Int {
        let key = group + "|" + variant
        if let existing = keys.firstIndex(of: key) { return existing }
        keys.append(key)
        return keys.count - 1
    }

    mutating func record(_ value: Double, slot: Int) {
        latest[keys[slot]] = value
    }

    /// Requests per minute on the affected scope: the canary's for canary
    /// comparisons, the variant's for per-variant signals, else the group's sum.
    func requestsPerMinute(group: String, scope: String) -> Double? {
        let variant = scope.hasPrefix("canary vs") ? "canary" : scope
        if let v = latest[group + "|" + variant] { return v }
        let all = latest.filter { $0.key.hasPrefix(group + "|") }.map(\.value)
        return all.isEmpty ? nil : all.reduce(0, +)
    }
}
