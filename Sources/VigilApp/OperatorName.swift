import Foundation

/// Who the ledger names for a decision: `--operator`, else `$USER`, else the
/// account the process runs as. Cron, systemd units and containers often
/// leave `$USER` unset; a ledger full of "unknown" answers nothing later.
public enum OperatorName {
    public static func resolve(explicit: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let o = explicit, !o.isEmpty { return o }
        if let u = environment["USER"], !u.isEmpty { return u }
        if let a = accountName() { return a }
        return "unknown"
    }

    /// The name of the account this process runs as (getpwuid, not the
    /// environment, so it cannot be unset).
    static func accountName() -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(getuid(), &entry, &buffer, buffer.count, &result) == 0, result != nil,
              let name = entry.pw_name else { return nil }
        let s = String(cString: name)
        return s.isEmpty ? nil : s
    }
}
