import VigilCore
import VigilSystem

/// What a flagd flag file serves, flag by flag, as far as a deploy is
/// concerned: which variant gets most of the traffic and which one (if any)
/// gets a canary share. Two states of the same file give the deploys that
/// turned one into the other, so a team that only edits its flag file needs
/// no separate deploy lines (`vigil watch` follows the file).
///
/// Pure: bytes in, a value or a `FlagFileError` out. The file is hostile
/// input (people and GitOps tools write it); anything flagd itself would not
/// accept is an error naming the flag, never a guess.
public struct FlagFileState: Hashable, Sendable {
    /// What one flag serves.
    public struct Serving: Hashable, Sendable {
        /// The variant with the most traffic (the first of equals), or
        /// `codeDefault`.
        public var primary: String
        /// The variant with the next-largest share above 0, when the flag
        /// splits its traffic.
        public var canary: String?
        /// Percent of traffic on `canary` (0 without one).
        public var canaryPercent: Double

        public init(primary: String, canary: String? = nil, canaryPercent: Double = 0) {
            self.primary = primary; self.canary = canary; self.canaryPercent = canaryPercent
        }
    }

    /// What a deploy goes `to` when the application serves its own code
    /// default: the flag was removed or DISABLED ("treated as if it does not
    /// exist", says flagd's schema), or its `defaultVariant` is null.
    public static let codeDefault = "(code default)"

    /// Flags in file order; DISABLED flags are left out.
    public private(set) var flags: [(name: String, serving: Serving)]

    public init(flags: [(name: String, serving: Serving)] = []) { self.flags = flags }

    public static func == (a: FlagFileState, b: FlagFileState) -> Bool {
        a.flags.map(\.name) == b.flags.map(\.name) && a.flags.map(\.serving) == b.flags.map(\.serving)
    }

    public func hash(into h: inout Hasher) {
        for f in flags { h.combine(f.name); h.combine(f.serving) }
    }

    public func serving(_ flag: String) -> Serving? { flags.last { $0.name == flag }?.serving }

    /// The deploys that turn `old` into this state: one per flag whose
    /// serving changed, in file order, then one per flag that went away.
    ///
    /// - a split with a canary share: `from` the primary `to` the canary,
    ///   `weight` its percent (a new weight is a new deploy);
    /// - all traffic on one variant: `to` it, `from` what had most traffic
    ///   before (or the old canary when the primary stayed), no weight;
    /// - a new flag has no `from`; a removed or disabled one goes `to`
    ///   `codeDefault`.
    public func deploys(since old: FlagFileState) -> [DeployEvent] {
        var out: [DeployEvent] = []
        for (name, new) in flags {
            let before = old.serving(name)
            guard before != new else { continue }
            if let canary = new.canary {
                out.append(DeployEvent(flag: name, from: new.primary, to: canary, weight: new.canaryPercent))
            } else {
                let from = before.map { $0.primary != new.primary ? $0.primary : ($0.canary ?? $0.primary) }
                out.append(DeployEvent(flag: name, from: from, to: new.primary, weight: nil))
            }
        }
        for (name, gone) in old.flags where serving(name) == nil && gone.primary != Self.codeDefault {
            guard !out.contains(where: { $0.flag == name }) else { continue }
            out.append(DeployEvent(flag: name, from: gone.primary, to: Self.codeDefault, weight: nil))
        }
        return out
    }

    /// Reads a flag file (object or array form, as flagd accepts).
    public static func parse(_ bytes: [UInt8]) throws(FlagFileError) -> FlagFileState {
        let root: JSONNode
        do { root = try JSONParser.parse(bytes) } catch { throw .invalidJSON("\(error)") }
        guard root.members != nil else { throw .notAFlagFile("the file is not a JSON object") }
        guard let flags = root["flags"] else { throw .notAFlagFile("it has no \"flags\"") }
        var entries: [(String, JSONNode)] = []
        if let members = flags.members {
            entries = members.map { ($0.key, $0.value) }
        } else if let elements = flags.elements {
            for e in elements {
                guard let key = e["key"]?.stringValue, !key.isEmpty else {
                    throw .notAFlagFile("a flag in the \"flags\" array has no \"key\"")
                }
                entries.append((key, e))
            }
        } else {
            throw .notAFlagFile("\"flags\" is neither an object nor an array")
        }
        var state = FlagFileState()
        for (name, node) in entries {
            guard !name.isEmpty else { throw .invalidFlag(flag: name, "a flag needs a non-empty name") }
            // The last of two flags with one name wins, as for the JSON member.
            state.flags.removeAll { $0.name == name }
            if let serving = try serving(of: node, flag: name) { state.flags.append((name, serving)) }
        }
        return state
    }

    /// Nil for a DISABLED flag.
    private static func serving(of flag: JSONNode, flag name: String) throws(FlagFileError) -> Serving? {
        guard flag.members != nil else { throw .invalidFlag(flag: name, "the flag is not an object") }
        guard let variants = flag["variants"]?.members, !variants.isEmpty else {
            throw .invalidFlag(flag: name, "it needs a non-empty \"variants\" object")
        }
        let known = Set(variants.map(\.key))
        switch flag["state"]?.value {
        case nil, .string("ENABLED"): break
        case .string("DISABLED"): return nil
        default: throw .invalidFlag(flag: name, "\"state\" must be \"ENABLED\" or \"DISABLED\"")
        }
        let defaultVariant: String?
        switch flag["defaultVariant"]?.value {
        case nil, .null: defaultVariant = nil
        case .string(let v):
            guard known.contains(v) else { throw .invalidFlag(flag: name, "defaultVariant \"\(v)\" is not one of its variants") }
            defaultVariant = v
        default: throw .invalidFlag(flag: name, "\"defaultVariant\" must be a string or null")
        }
        let fallback = Serving(primary: defaultVariant ?? codeDefault)
        guard let targeting = flag["targeting"], targeting.members?.isEmpty == false else { return fallback }
        let split: Split
        do { split = try Split(targeting, flag: name) } catch {
            // Rules other than a plain split are not read: what they serve
            // depends on each request. Only the default counts then.
            if case FlagActionError.invalidWeights(_, let reason) = error { throw .invalidFlag(flag: name, reason) }
            return fallback
        }
        for e in split.entries where !known.contains(e.variant) {
            throw .invalidFlag(flag: name, "its split names \"\(e.variant)\", which is not one of its variants")
        }
        let shares = split.entries.map { ($0.variant, split.percent(of: $0.variant) ?? 0) }
        guard shares.contains(where: { $0.1 > 0 }) else { return fallback }
        var ranked = shares.enumerated().sorted { ($0.element.1, -$0.offset) > ($1.element.1, -$1.offset) }.map(\.element)
        let primary = ranked.removeFirst()
        let canary = ranked.first { $0.0 != primary.0 && $0.1 > 0 }
        return Serving(primary: primary.0, canary: canary?.0, canaryPercent: canary?.1 ?? 0)
    }
}

/// Why a version of the flag file gives no deploys: it would not load in
/// flagd either. The watch counts it and keeps the last good version.
public enum FlagFileError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidJSON(String)
    case notAFlagFile(String)
    case invalidFlag(flag: String, String)

    public var description: String {
        switch self {
        case .invalidJSON(let why): return why
        case .notAFlagFile(let why): return "not a flagd flag file: \(why)"
        case .invalidFlag(let flag, let why): return "flag \(flag): \(why)"
        }
    }
}
