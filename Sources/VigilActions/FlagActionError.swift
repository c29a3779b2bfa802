/// Why a flag-file action refused or failed. Every case leaves the file
/// untouched and its description says what the operator can do next.
public enum FlagActionError: Error, Hashable, Sendable, CustomStringConvertible {
    case fileUnreadable(path: String, reason: String)
    case invalidJSON(path: String, reason: String)
    case noFlags(path: String)
    case noFlagInIntent(kind: String)
    case flagNotFound(flag: String, path: String, known: [String])
    case variantNotFound(flag: String, variant: String, known: [String])
    case notBoolean(flag: String)
    case ambiguousOff(flag: String, candidates: [String])
    case unsupportedTargeting(flag: String, reason: String)
    case invalidWeights(flag: String, reason: String)
    case changedWhileEditing(path: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .fileUnreadable(let path, let reason):
            return "cannot read flag file \(path) (\(reason)); check flag_file in vigil.yaml and that Vigil may read and write it"
        case .invalidJSON(let path, let reason):
            return "flag file \(path) is not valid JSON (\(reason)); fix the file by hand, Vigil will not rewrite a file it cannot parse"
        case .noFlags(let path):
            return "flag file \(path) has no \"flags\" object; is this a flagd flag file?"
        case .noFlagInIntent(let kind):
            return "a \(kind) action names no flag to change; escalations run through a hook, not the flag file"
        case .flagNotFound(let flag, let path, let known):
            return "flag \(flag) is not in \(path) (it has: \(list(known))); check the flag name in vigil.yaml or act by hand"
        case .variantNotFound(let flag, let variant, let known):
            return "flag \(flag) has no variant \"\(variant)\" (it has: \(list(known))); nothing was changed, act by hand or fix the policy's fallback"
        case .notBoolean(let flag):
            return "flag \(flag) has no variant whose value is false, so it cannot be turned off; name its restricted variant with off_variant: in vigil.yaml, use degrade, or act by hand"
        case .ambiguousOff(let flag, let candidates):
            return "flag \(flag) has several variants whose value is false (\(list(candidates))); name the one that restricts with off_variant: in vigil.yaml, nothing was changed"
        case .unsupportedTargeting(let flag, let reason):
            return "flag \(flag): \(reason); Vigil only edits a plain top-level fractional split, change this flag by hand"
        case .invalidWeights(let flag, let reason):
            return "flag \(flag): \(reason); nothing was changed"
        case .changedWhileEditing(let path):
            return "flag file \(path) changed while Vigil was editing it; nothing was written, confirm again to retry on the new content"
        case .writeFailed(let path, let reason):
            return "could not write flag file \(path) (\(reason)); the old file is still in place, check disk space and permissions"
        }
    }
}

private func list(_ names: [String]) -> String { names.isEmpty ? "none" : names.joined(separator: ", ") }
