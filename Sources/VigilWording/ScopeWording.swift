import VigilCore

extension Wording {
    /// `canary vs baseline`, a variant's name, `all`, or `agent: key`.
    public static func scope(_ s: Scope) -> String {
        switch s {
        case .all: return "all"
        case .variant(let v): return v
        case .canaryVsBaseline: return "canary vs baseline"
        case .beforeVsAfter: return "before vs after"
        case .belief(let agent, let key): return "\(agent): \(key)"
        }
    }

    /// The scope as a short tag next to a signal's name, or nil when it adds
    /// nothing (the deployment as a whole): `canary` for the comparison.
    public static func scopeTag(_ s: Scope) -> String? {
        switch s {
        case .all: return nil
        case .canaryVsBaseline: return "canary"
        case .variant(let v): return v.isEmpty || v == "all" ? nil : v
        case .belief, .beforeVsAfter: return scope(s)
        }
    }
}
