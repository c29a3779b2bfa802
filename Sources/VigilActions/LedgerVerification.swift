import Crypto
import Glibc

/// The result of checking a ledger's hash chain (`vigil ledger verify`).
public struct LedgerVerification: Codable, Hashable, Sendable, CustomStringConvertible {
    /// True when every line parses, ids run L000001… without gaps, and each
    /// line's prevHash is the SHA-256 of the line before it.
    public var ok: Bool
    /// Records checked and found good (all of them when `ok`).
    public var count: Int
    /// 0-based index (line number − 1) of the first bad record.
    public var brokenIndex: Int?
    /// Its id, when the line was readable enough to have one.
    public var brokenID: String?
    public var reason: String?
    /// A last line without its newline: an append torn by a crash. Its append
    /// never returned, so no action ran on it; the next append drops it. Not
    /// tampering, so `ok` stays true.
    public var tornTail: Bool
    /// The head the end was checked against (`--expect-head`, else the
    /// checkpoint beside the ledger), when there was one.
    public var anchoredAt: LedgerHead?

    /// Each good record's `hash`, for checking the head (not encoded).
    var hashes: [String] = []

    private enum CodingKeys: String, CodingKey { case ok, count, brokenIndex, brokenID, reason, tornTail, anchoredAt }

    public var description: String {
        if ok {
            return "ledger ok: \(count) record\(count == 1 ? "" : "s"), hash chain intact"
                + (anchoredAt.map { ", reaches head \(LedgerCodec.id($0.sequence)) (\($0))" } ?? ", end not anchored (no checkpoint)")
                + (tornTail ? " (last line torn by a crash mid-append; it will be dropped)" : "")
        }
        let at = brokenIndex.map { "line \($0 + 1)" } ?? "?"
        return "ledger BROKEN at \(at)\(brokenID.map { " (\($0))" } ?? ""): \(reason ?? "unknown"); "
            + "\(count) record\(count == 1 ? "" : "s") before it are intact. Keep the file as evidence."
    }
}

extension DecisionLedger {
    /// Checks the hash chain of the ledger at `path`, then its end: lines
    /// cut off the end leave a valid chain, so the ledger must still reach
    /// `expectedHead` (a head kept elsewhere: a hook payload, a ticket) or,
    /// without one, the checkpoint beside it.
    public static func verify(path: String, expectedHead: LedgerHead? = nil) -> LedgerVerification {
        let chain = verifyChain(path: path)
        guard chain.ok else { return chain }
        let anchor: LedgerHead?
        let source: String
        if let expectedHead {
            (anchor, source) = (expectedHead, "the expected head")
        } else {
            do { (anchor, source) = (try LedgerCheckpoint.read(ledger: path), "the checkpoint \(LedgerCheckpoint.path(for: path))") } catch {
                var r = chain
                r.ok = false
                r.reason = "the checkpoint \(LedgerCheckpoint.path(for: path)) is unreadable (\(error)); compare with a head kept elsewhere (--expect-head)"
                return r
            }
        }
        guard let anchor else { return chain }
        var r = chain
        r.anchoredAt = anchor
        let id = LedgerCodec.id(anchor.sequence)
        if anchor.sequence > chain.count {
            r.ok = false
            r.brokenIndex = chain.count
            r.reason = "the end was cut: \(source) names \(id) (\(anchor)) but the ledger ends after \(chain.count) record\(chain.count == 1 ? "" : "s")"
        } else if chain.hashes[anchor.sequence - 1] != anchor.hash {
            r.ok = false
            r.brokenIndex = anchor.sequence - 1
            r.brokenID = id
            r.reason = "\(id)'s hash differs from \(source) (\(anchor.hash)): the ledger from there on was rewritten"
        }
        return r
    }

    private static func verifyChain(path: String) -> LedgerVerification {
        let bytes: [UInt8]
        do { bytes = try Posix.readRegularFile(path) } catch {
            return LedgerVerification(ok: false, count: 0, brokenIndex: nil, brokenID: nil,
                                      reason: "cannot read: \(error)", tornTail: false)
        }
        return verify(bytes: bytes, path: path)
    }

    static func verify(bytes: [UInt8], path: String) -> LedgerVerification {
        let complete = bytes.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let lines = LedgerCodec.lines(bytes[..<complete])
        var prev = LedgerCodec.zeroHash
        var hashes: [String] = []
        for (i, line) in lines.enumerated() {
            func broken(_ id: String?, _ why: String) -> LedgerVerification {
                LedgerVerification(ok: false, count: i, brokenIndex: i, brokenID: id, reason: why, tornTail: false)
            }
            guard let r = try? LedgerCodec.decode(line, line: i + 1, path: path) else {
                return broken(nil, "not a valid ledger record (edited or corrupted)")
            }
            guard let sealed = LedgerCodec.selfHash(of: line), sealed.stored == r.hash, sealed.computed == r.hash else {
                return broken(r.id, "the line's own hash does not match its content (this line was edited)")
            }
            guard r.prevHash == prev else {
                return broken(r.id, i == 0
                    ? "first record's prevHash is not 64 zeros (lines were removed from the start?)"
                    : "prevHash does not match the line before it (a line was removed or inserted here, or the previous line was edited and re-hashed)")
            }
            guard r.id == LedgerCodec.id(i + 1) else {
                return broken(r.id, "expected id \(LedgerCodec.id(i + 1)) (records out of order or renumbered)")
            }
            prev = SHA256.hex(line)
            hashes.append(r.hash)
        }
        var result = LedgerVerification(ok: true, count: lines.count, brokenIndex: nil, brokenID: nil, reason: nil,
                                        tornTail: complete < bytes.count)
        result.hashes = hashes
        return result
    }
}
