/// The latest requests per minute of each deployment's variants, from the
/// policy's traffic metric: what a proposal's blast radius is measured in.
struct TrafficTable: Sendable {
    /// A deployment's variant; nil when the traffic series has no variant label.
    struct Key: Hashable, Sendable {
        var group: String
        var variant: String?
    }

    private var keys: [Key] = []
    private var index: [Key: Int] = [:]
    /// By slot; nil until the slot's first sample.
    private var latest: [Double?] = []

    /// The slot for a deployment's variant, made on first sight; routes hold
    /// it so that a sample updates the table without building a key.
    mutating func slot(_ key: Key) -> Int {
        if let existing = index[key] { return existing }
        index[key] = keys.count
        keys.append(key)
        latest.append(nil)
        return keys.count - 1
    }

    mutating func record(_ value: Double, slot: Int) {
        latest[slot] = value
    }

    /// Requests per minute on the affected scope: the canary's for canary
    /// comparisons, the variant's for per-variant signals, else the sum over
    /// the deployment's variants (in first-seen order, so the sum is the
    /// same on every run).
    func requestsPerMinute(group: String, scope: Scope) -> Double? {
        let exact: Key?
        switch scope {
        case .canaryVsBaseline: exact = Key(group: group, variant: "canary")
        case .variant(let v): exact = Key(group: group, variant: v)
        case .all: exact = Key(group: group, variant: nil)
        case .belief, .beforeVsAfter: exact = nil
        }
        if let exact, let i = index[exact], let v = latest[i] { return v }
        let all = keys.indices.filter { keys[$0].group == group }.compactMap { latest[$0] }
        return all.isEmpty ? nil : all.reduce(0, +)
    }
}
