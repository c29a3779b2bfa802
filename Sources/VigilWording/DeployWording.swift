import VigilCore

extension Wording {
    /// The deploy a breach is blamed on: `support-agent.model v1→v2 at 10:05:00`.
    public static func deploy(_ d: DeployRecord) -> String {
        "\(d.event.flag) \(d.event.from ?? "∅")→\(d.event.to) at \(d.time.clock)"
    }

    /// A deploy event on the timeline: `support-agent.model: v1 → v2 at 10%`.
    public static func deployEvent(_ d: DeployEvent) -> String {
        let weight = d.weight.map { " at \(formatNumber($0))%" } ?? ""
        return "\(d.flag): \(d.from ?? "∅") → \(d.to)\(weight)"
    }
}
