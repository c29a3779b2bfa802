import Glibc
import VigilSystem

/// The variants each flag of a flagd flag file declares, read so that
/// `vigil check` (and every start) can hold the policy's `fallback`,
/// `secondary` and `off_variant` against them instead of failing at
/// confirm time. Read-only; the file is hostile input like any other.
public struct FlagFileVariants: Sendable, Hashable {
    public struct Variant: Sendable, Hashable {
        public var name: String
        /// The variant's value is the JSON `false` (what restriction turns to
        /// when the policy names no `off_variant`).
        public var isFalse: Bool
    }

    /// Flag name -> its variants, in file order.
    public var flags: [String: [Variant]]

    public init(flags: [String: [Variant]]) { self.flags = flags }

    /// Reads `path`; throws a FlagActionError whose description says what is wrong.
    public static func read(_ path: String) throws -> FlagFileVariants {
        let bytes: [UInt8]
        do { bytes = try Posix.readRegularFile(path) } catch {
            throw FlagActionError.fileUnreadable(path: path, reason: "\(error)")
        }
        let root: JSONNode
        do { root = try JSONParser.parse(bytes) } catch {
            throw FlagActionError.invalidJSON(path: path, reason: "\(error)")
        }
        var entries: [(String, JSONNode)] = []
        switch root["flags"]?.value {
        case .object(let members)?: entries = members.map { ($0.key, $0.value) }
        case .array(let elements)?: entries = elements.compactMap { e in e["key"]?.stringValue.map { ($0, e) } }
        default: throw FlagActionError.noFlags(path: path)
        }
        var flags: [String: [Variant]] = [:]
        for (name, flag) in entries {
            flags[name] = (flag["variants"]?.members ?? []).map { Variant(name: $0.key, isFalse: $0.value.boolValue == false) }
        }
        return FlagFileVariants(flags: flags)
    }
}
