import VigilCore

extension Wording {
    /// When the failing series changed: `series changed at 10:11:00 (0.021 → 0.183)`,
    /// or `series level since 10:05:00 (the first minute held)`.
    public static func changePoint(_ c: ChangePoint) -> String {
        guard c.located, let before = c.before else {
            return "series level since \(c.time.clock) (the first minute held)"
        }
        return "series changed at \(c.time.clock) (\(formatNumber(before)) → \(formatNumber(c.after)))"
    }

    /// One change weighed for blame:
    /// `support-agent.model v1→v2 at 10:10:00, 1m before the series changed (score 0.82)`.
    public static func change(_ e: ChangeExplanation) -> String {
        let fit: String
        switch e.fit {
        case .splitsTraffic: fit = "splits the traffic the canary comparison judges"
        case .before(let d): fit = d.milliseconds == 0 ? "when the series changed" : "\(d) before the series changed"
        case .after(let d): fit = "\(d) after the series changed"
        }
        return "\(deploy(e.deploy)), \(fit) (score \(formatNumber(e.score, digits: 2)))"
    }

    /// The evidence's blame in one line: the change blamed, then every other
    /// change weighed, or why none is blamed.
    public static func blame(_ e: Evidence) -> String {
        var out: String
        var others = e.changes
        if let d = e.deploy, let i = others.firstIndex(where: { $0.deploy == d }) {
            out = "blamed: " + change(others.remove(at: i))
        } else if let d = e.deploy {
            out = "blamed: " + deploy(d)
        } else if e.changes.isEmpty {
            out = "no change within the recent-change window"
        } else {
            out = "no change explains the timing"
        }
        if !others.isEmpty {
            out += "; also weighed: " + others.map(change).joined(separator: "; ")
        }
        return out
    }
}
