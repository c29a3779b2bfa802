import Foundation
import Glibc
import VigilCore

/// The calls that put the ledger on disk: append bytes, fsync, replace the
/// checkpoint. A seam, so tests can make the disk full or fsync fail at any
/// of them and check that nothing acts on a record that is not on disk.
public struct FileWrites: Sendable {
    public var write: @Sendable (_ fd: Int32, _ bytes: [UInt8], _ path: String) throws -> Void
    public var fsync: @Sendable (_ fd: Int32, _ path: String) throws -> Void
    public var checkpoint: @Sendable (_ head: LedgerHead, _ ledger: String) throws -> Void

    public init(write: @escaping @Sendable (Int32, [UInt8], String) throws -> Void,
                fsync: @escaping @Sendable (Int32, String) throws -> Void,
                checkpoint: @escaping @Sendable (LedgerHead, String) throws -> Void) {
        self.write = write; self.fsync = fsync; self.checkpoint = checkpoint
    }

    public static let system = FileWrites(
        write: { try Posix.writeAll($0, $1, path: $2) },
        fsync: { try Posix.fsync($0, path: $1) },
        checkpoint: { try LedgerCheckpoint.write($0, ledger: $1) })

    /// The error a full disk gives, for tests that simulate one.
    public static func diskFull(_ path: String) -> Error { SystemError("write", path, code: ENOSPC) }

    /// A sanitized line on standard error (paths come from policy files).
    public static func standardError(_ message: String) {
        FileHandle.standardError.write(Data((TextSanitizer.cleanLines(message) + "\n").utf8))
    }
}
