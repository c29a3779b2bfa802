import Glibc

/// The end of a ledger: how many records it holds and the `hash` of the last.
///
/// A hash chain shows an edited or removed line in the middle, but not lines
/// cut off the end: the shorter file is a valid chain too. The head, kept
/// outside the ledger (the checkpoint file beside it, every hook payload,
/// a ticket), anchors the end: a ledger that no longer reaches it was cut.
/// Spelled `SEQ:HASH`, e.g. `7:3f2a…`, for `vigil ledger verify --expect-head`.
public struct LedgerHead: Codable, Hashable, Sendable, CustomStringConvertible {
    public var sequence: Int
    public var hash: String

    public init(sequence: Int, hash: String) { self.sequence = sequence; self.hash = hash }

    /// Parses `SEQ:HASH` (a 64-digit lowercase hex hash); nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let seq = Int(parts[0]), seq >= 1, parts[1].utf8.count == 64,
              parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        self.init(sequence: seq, hash: String(parts[1]))
    }

    public var description: String { "\(sequence):\(hash)" }
}

/// The checkpoint file `<ledger>.head`: the head after the last append,
/// replaced atomically (write, fsync, rename, fsync the directory) while
/// the ledger's lock is held, so it never names a record that is not on disk.
enum LedgerCheckpoint {
    static func path(for ledger: String) -> String { ledger + ".head" }

    static func write(_ head: LedgerHead, ledger: String) throws {
        let dir = Posix.directory(of: ledger)
        let dirFD = try Posix.open(dir, O_RDONLY | O_DIRECTORY)
        defer { close(dirFD) }
        try AtomicFile.replace(path(for: ledger), dirFD: dirFD, with: Array((head.description + "\n").utf8), mode: 0o600)
    }

    /// The checkpoint's head; nil when there is none. Throws when it exists
    /// but cannot be read or is not a head.
    static func read(ledger: String) throws -> LedgerHead? {
        let p = path(for: ledger)
        var st = stat()
        guard stat(p, &st) == 0 else { return nil }
        let fd = try Posix.openRegular(p, O_RDONLY)
        defer { close(fd) }
        let text = String(decoding: try Posix.readAll(fd, path: p).prefix(256), as: UTF8.self)
        guard let head = LedgerHead(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw SystemError("parse", p, code: EINVAL)
        }
        return head
    }
}

import Foundation
