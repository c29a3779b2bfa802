import VigilCore
import VigilSystem

/// The pure part of a flag action: one flag object in, the edited flag object
/// and a one-line human outcome out. No I/O, so every rule is unit-testable.
///
/// Rules (docs/operations.md repeats them for operators):
/// - traffic shift: the top-level `fractional` split gets the intent's weights,
///   keeping the split's variant order and its bucketing expression; variants
///   the intent leaves out get 0, new ones are appended. Percentages become
///   the integer weights flagd requires (scaled by 10…10⁴ when fractional).
///   When one variant ends up with all the traffic the split is kept (with
///   zero weights, so the rollout can resume by editing one number) and
///   `defaultVariant` is also set to that variant, so evaluations without a
///   targeting key, which fractional cannot bucket, get it too.
/// - rollback, degrade: `defaultVariant` = intent.variant, `targeting` removed.
/// - restrict: `defaultVariant` = intent.variant (the policy's
///   `off_variant`) if given, else the one variant whose value is `false`
///   (several: refused, the policy must say which), `targeting` removed.
/// - `state` is never changed.
struct FlagEdit {
    let flagName: String

    func apply(_ intent: ActionIntent, to flag: JSONNode) throws -> (JSONNode, String) {
        guard let variants = flag["variants"]?.members else {
            throw FlagActionError.unsupportedTargeting(flag: flagName, reason: "the flag has no variants object")
        }
        let known = variants.map(\.key)
        var out: (JSONNode, String)
        switch intent.kind {
        case .trafficShift:
            out = try shift(flag, weights: intent.weights, known: known)
        case .rollback, .degrade:
            guard let v = intent.variant else {
                throw FlagActionError.variantNotFound(flag: flagName, variant: "(none given)", known: known)
            }
            guard known.contains(v) else { throw FlagActionError.variantNotFound(flag: flagName, variant: v, known: known) }
            out = pin(flag, to: v)
        case .restrict:
            let chosen: String
            if let v = intent.variant {
                // Declared by the policy (`off_variant:`): whatever its value.
                guard known.contains(v) else { throw FlagActionError.variantNotFound(flag: flagName, variant: v, known: known) }
                chosen = v
            } else {
                let off = variants.filter { $0.value.boolValue == false }.map(\.key)
                guard !off.isEmpty else { throw FlagActionError.notBoolean(flag: flagName) }
                guard off.count == 1 else { throw FlagActionError.ambiguousOff(flag: flagName, candidates: off) }
                chosen = off[0]
            }
            out = pin(flag, to: chosen)
        case .escalate:
            throw FlagActionError.noFlagInIntent(kind: intent.kind.rawValue)
        }
        if flag["state"]?.stringValue == "DISABLED" {
            out.1 += " (flag is DISABLED, so providers serve the code default until it is enabled)"
        }
        return out
    }

    /// Everyone gets `variant`: default set, targeting removed.
    private func pin(_ flag: JSONNode, to variant: String) -> (JSONNode, String) {
        var f = flag
        let oldDefault = flag["defaultVariant"]?.stringValue
        f.set("defaultVariant", .string(variant))
        var detail = oldDefault == variant ? "default stays \(variant)" : "default \(oldDefault ?? "none") → \(variant)"
        if let t = flag["targeting"] {
            f.remove("targeting")
            if let split = try? Split(t, flag: flagName), !split.entries.isEmpty {
                detail += ", split removed (was \(split.describe()))"
            } else {
                detail += ", targeting rules removed"
            }
        }
        return (f, "\(flagName): \(detail)")
    }

    private func shift(_ flag: JSONNode, weights: [VariantWeight], known: [String]) throws -> (JSONNode, String) {
        guard !weights.isEmpty else { throw FlagActionError.invalidWeights(flag: flagName, reason: "the intent gives no weights") }
        for w in weights {
            guard known.contains(w.variant) else {
                throw FlagActionError.variantNotFound(flag: flagName, variant: w.variant, known: known)
            }
            guard w.percent.isFinite, w.percent >= 0 else {
                throw FlagActionError.invalidWeights(flag: flagName, reason: "weight \(w.percent) for \(w.variant) is not a non-negative number")
            }
        }
        guard weights.contains(where: { $0.percent > 0 }) else {
            throw FlagActionError.invalidWeights(flag: flagName, reason: "all weights are 0, which would leave no variant to serve")
        }
        let old = try flag["targeting"].map { try Split($0, flag: flagName) } ?? Split(bucketing: nil, entries: [])
        var percents: [(String, Double)] = old.entries.map { e in
            (e.variant, weights.last { $0.variant == e.variant }?.percent ?? 0)
        }
        for w in weights where !percents.contains(where: { $0.0 == w.variant }) { percents.append((w.variant, w.percent)) }
        let ints = try integerWeights(percents.map(\.1))
        let new = Split(bucketing: old.bucketing, entries: zip(percents, ints).map { Split.Entry(variant: $0.0.0, weight: $0.1) })

        var f = flag
        f.set("targeting", new.node())
        var changes: [String] = []
        for e in new.entries {
            let before = old.percent(of: e.variant)
            let after = new.percent(of: e.variant)
            if before != after { changes.append("\(e.variant) \(before.map { formatNumber($0) + "%" } ?? "new") → \(formatNumber(after ?? 0))%") }
        }
        var detail = changes.isEmpty ? "split already \(new.describe())" : changes.joined(separator: ", ")
        let serving = new.entries.filter { $0.weight > 0 }
        if serving.count == 1 {
            let v = serving[0].variant
            let oldDefault = flag["defaultVariant"]?.stringValue
            f.set("defaultVariant", .string(v))
            if oldDefault != v { detail += ", default \(oldDefault ?? "none") → \(v)" }
            detail += " (\(v) serves 100%)"
        }
        return (f, "\(flagName): \(detail)")
    }

    /// flagd wants non-negative integer weights; percentages like 12.5 are
    /// scaled by the smallest power of ten (up to 10⁴) that makes them whole.
    private func integerWeights(_ percents: [Double]) throws -> [Int64] {
        var scale = 1.0
        for _ in 0..<5 {
            if percents.allSatisfy({ abs($0 * scale - ($0 * scale).rounded()) < 1e-6 }) { break }
            scale *= 10
        }
        scale = min(scale, 10_000)
        let ints = percents.compactMap { Int64(exactly: ($0 * scale).rounded()) }
        guard ints.count == percents.count, ints.allSatisfy({ $0 >= 0 && $0 <= Int64(Int32.max) }),
              ints.reduce(0, +) <= Int64(Int32.max) else {
            throw FlagActionError.invalidWeights(flag: flagName, reason: "the weights add up to more than flagd's limit of 2147483647")
        }
        return ints
    }
}

/// A top-level `{"fractional": [bucketing?, [variant, weight]...]}` rule.
struct Split {
    struct Entry { var variant: String; var weight: Int64 }
    /// The optional first argument (e.g. `{"var": "targetingKey"}`), kept as is.
    var bucketing: JSONNode?
    var entries: [Entry]

    init(bucketing: JSONNode?, entries: [Entry]) { self.bucketing = bucketing; self.entries = entries }

    /// Reads a targeting rule; anything but a plain fractional split is refused,
    /// because rewriting rules Vigil does not understand could change who gets what.
    init(_ targeting: JSONNode, flag: String) throws {
        guard let members = targeting.members, members.count == 1, members[0].key == "fractional",
              let args = members[0].value.elements, !args.isEmpty else {
            throw FlagActionError.unsupportedTargeting(flag: flag, reason: "its targeting is not a plain fractional split")
        }
        var rest = args[...]
        // As in flagd's evaluators: a first argument that is not an array is the bucketing expression.
        if let first = rest.first, first.elements == nil { bucketing = first; rest = rest.dropFirst() } else { bucketing = nil }
        var out: [Entry] = []
        for a in rest {
            guard let e = Split.entry(a) else {
                throw FlagActionError.unsupportedTargeting(flag: flag, reason: "a fractional weight is computed by a rule, not a number")
            }
            // flagd's own limit; it also keeps the sum of weights far from overflowing.
            guard e.weight <= Int64(Int32.max) else {
                throw FlagActionError.invalidWeights(flag: flag, reason: "weight \(e.weight) of '\(e.variant)' is more than flagd's limit of 2147483647")
            }
            out.append(e)
        }
        entries = out
    }

    /// `["v1", 90]` or the shorthand `["v1"]` (weight 1); nil for anything else.
    private static func entry(_ node: JSONNode) -> Entry? {
        guard let a = node.elements, (1...2).contains(a.count), let v = a[0].stringValue else { return nil }
        if a.count == 1 { return Entry(variant: v, weight: 1) }
        guard case .number(let text) = a[1].value, let d = Double(text), d >= 0,
              let weight = Int64(exactly: d) else { return nil }
        return Entry(variant: v, weight: weight)
    }

    func percent(of variant: String) -> Double? {
        let total = entries.reduce(Int64(0)) { $0 + $1.weight }
        guard let e = entries.first(where: { $0.variant == variant }) else { return nil }
        return total > 0 ? Double(e.weight) * 100 / Double(total) : 0
    }

    func describe() -> String {
        entries.map { "\($0.variant) \(formatNumber(percent(of: $0.variant) ?? 0))%" }.joined(separator: ", ")
    }

    func node() -> JSONNode {
        var args: [JSONNode] = bucketing.map { [$0] } ?? []
        args += entries.map { JSONNode(.array([.string($0.variant), .number(String($0.weight))])) }
        return JSONNode(.object([JSONMember(key: "fractional", value: JSONNode(.array(args)))]))
    }
}
