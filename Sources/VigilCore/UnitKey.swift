/// Which detector unit a sample or belief feeds: one signal of the policy,
/// for one deployment, on one scope (a variant, or the canary comparison).
struct UnitKey: Hashable, Sendable {
    var signal: Int
    var group: String
    var scope: Scope
}
