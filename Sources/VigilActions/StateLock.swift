import Foundation
import Glibc

/// One writer per ledger (and so per replay state directory): an advisory
/// `flock` on `<ledger>.lock`, held for as long as the session runs. The
/// kernel drops it when the process ends, however it ends (exit, kill -9, a
/// crash), so a lock left by a finished run never blocks the next one.
///
/// Why: two writers on one ledger number their proposals independently and
/// a replay resets its flag-file copy, so a second live process on the same
/// state would contradict the first (docs/decisions/0017). Readers (`--read-only`,
/// `vigil ledger`) take no lock.
public final class StateLock: @unchecked Sendable {
    public let path: String
    private var fd: Int32

    private init(path: String, fd: Int32) { self.path = path; self.fd = fd }

    /// The lock file beside a ledger.
    public static func path(forLedger ledger: String) -> String { ledger + ".lock" }

    /// Takes the lock, or throws `StateLockError.inUse` naming the process
    /// that holds it (its pid and what it runs, as it wrote them).
    public static func acquire(ledger: String, purpose: String) throws -> StateLock {
        let path = Self.path(forLedger: ledger)
        let fd: Int32
        do {
            try Posix.makeDirectories(Posix.directory(of: path))
            fd = try Posix.openRegular(path, O_RDWR | O_CREAT, 0o600)
        } catch {
            throw StateLockError.unusable(path: path, reason: "\(error)")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = (try? Posix.readAll(fd, path: path)).map { String(decoding: $0.prefix(200), as: UTF8.self) } ?? ""
            close(fd)
            if code == EWOULDBLOCK {
                throw StateLockError.inUse(path: path, holder: holder.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            throw StateLockError.unusable(path: path, reason: String(cString: strerror(code)))
        }
        // Who holds it, for the message a second process prints.
        let note = "pid \(getpid()): \(purpose)\n"
        if ftruncate(fd, 0) == 0 { _ = try? Posix.writeAll(fd, Array(note.utf8), path: path) }
        return StateLock(path: path, fd: fd)
    }

    /// Releases the lock (also done when the process ends).
    public func release() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
    }

    deinit { release() }
}

public enum StateLockError: Error, Hashable, Sendable, CustomStringConvertible {
    case inUse(path: String, holder: String)
    case unusable(path: String, reason: String)

    public var description: String {
        switch self {
        case .inUse(let path, let holder):
            let who = holder.isEmpty ? "another Vigil process" : "another Vigil process (\(holder))"
            return "this ledger is in use by \(who), which holds \(path); only one Vigil may write it at a time. Follow that session with --read-only, wait for it to end, or give this one its own ledger or --state-dir"
        case .unusable(let path, let reason):
            return "cannot take the lock \(path) (\(reason)); check the folder's permissions"
        }
    }
}
