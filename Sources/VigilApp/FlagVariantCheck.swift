import Foundation
import VigilActions
import VigilCore
import Yams

extension NodeReader {
    /// Holds each flag's `fallback`, `secondary` and `off_variant` against the
    /// variants the flag file declares, so a name that does not exist is an
    /// error at its line now, not a failed action during an incident. A
    /// capability flag without `off_variant` needs exactly one variant whose
    /// value is `false`. A flag file that cannot be read is a warning: the
    /// variants are then checked when an action runs.
    mutating func checkVariants(flagFile: String, node: Node?, directory: String) {
        let path = flagFile.hasPrefix("/") ? flagFile : (directory as NSString).appendingPathComponent(flagFile)
        let file: FlagFileVariants
        do { file = try FlagFileVariants.read(path) } catch {
            fail(node, "flag_file: \(error); the flags' variants are not checked", .warning)
            return
        }
        for (spec, m) in flagNodes {
            guard let variants = file.flags[spec.name] else {
                fail(m["name"], "flag '\(spec.name)' is not in \(flagFile) (it has: \(file.flags.keys.sorted().joined(separator: ", "))); its actions will fail", .warning)
                continue
            }
            let names = variants.map(\.name)
            for (key, value) in [("fallback", spec.fallbackVariant), ("secondary", spec.secondaryVariant),
                                 ("off_variant", spec.offVariant)] {
                guard let value, !names.contains(value) else { continue }
                fail(m[key], "\(key) '\(value)' is not a variant of flag '\(spec.name)' in \(flagFile) (it has: \(names.joined(separator: ", ")))")
            }
            if spec.role == .capability, spec.offVariant == nil {
                let off = variants.filter(\.isFalse).map(\.name)
                if off.count != 1 {
                    let found = off.isEmpty ? "no variant whose value is false" : "several variants whose value is false (\(off.joined(separator: ", ")))"
                    fail(m["name"], "capability flag '\(spec.name)' has \(found) in \(flagFile); name the variant that restricts it with off_variant: (one of \(names.joined(separator: ", ")))")
                }
            }
        }
    }
}
