import Crypto
import Foundation

/// How ledger lines are spelled: compact JSON with sorted keys (stable,
/// diffable output), one record per line, ids `L000001`…
enum LedgerCodec {
    static let zeroHash = String(repeating: "0", count: 64)

    static func id(_ n: Int) -> String {
        let s = String(n)
        return "L" + String(repeating: "0", count: max(0, 6 - s.count)) + s
    }

    /// Complete lines (without their newline); a trailing fragment is dropped.
    static func lines(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var i = start
        while i < bytes.endIndex {
            if bytes[i] == 0x0A { out.append(bytes[start..<i]); start = i + 1 }
            i += 1
        }
        return out
    }

    static func encode(_ r: LedgerRecord) throws -> [UInt8] {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try e.encode(r))
    }

    /// Encodes `r` with its self-hash filled in: the line is first written
    /// with `"hash":""`, hashed, and the digest put in place.
    static func sealedLine(_ r: LedgerRecord) throws -> (line: [UInt8], hash: String) {
        var r = r
        r.hash = ""
        let draft = try encode(r)
        let digest = SHA256.hex(draft)
        guard let at = find(emptyHashMember, in: draft[...]) else { throw LedgerError.unusable(path: "", reason: "encoder lost the hash field") }
        var line = Array(draft[..<at])
        line += Array("\"hash\":\"\(digest)\"".utf8)
        line += draft[(at + emptyHashMember.count)...]
        return (line, digest)
    }

    /// Recomputes a written line's self-hash; nil when it has no hash member.
    /// The first `"hash":"` is the record's own key: quotes inside string
    /// values are escaped, so the pattern cannot occur inside one.
    static func selfHash(of line: ArraySlice<UInt8>) -> (stored: String, computed: String)? {
        let key = Array("\"hash\":\"".utf8)
        guard let at = find(key, in: line), line.endIndex - (at + key.count) >= 65,
              line[at + key.count + 64] == UInt8(ascii: "\"") else { return nil }
        let stored = String(decoding: line[(at + key.count)..<(at + key.count + 64)], as: UTF8.self)
        var draft = Array(line[..<at])
        draft += emptyHashMember
        draft += line[(at + key.count + 65)...]
        return (stored, SHA256.hex(draft))
    }

    private static let emptyHashMember = Array("\"hash\":\"\"".utf8)

    private static func find(_ needle: [UInt8], in hay: ArraySlice<UInt8>) -> Int? {
        guard hay.count >= needle.count, let first = needle.first else { return nil }
        var i = hay.startIndex
        while i <= hay.endIndex - needle.count {
            if hay[i] == first && hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    static func decode(_ line: ArraySlice<UInt8>, line number: Int?, path: String) throws -> LedgerRecord {
        do {
            return try JSONDecoder().decode(LedgerRecord.self, from: Data(line))
        } catch {
            throw LedgerError.corruptLine(path: path, line: number, reason: "\(error)")
        }
    }
}

/// What went wrong with the ledger, and what to do about it.
public enum LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    case unusable(path: String, reason: String)
    case corruptLine(path: String, line: Int?, reason: String)
    case alreadyRecorded(key: String, recordID: String, operatorName: String, wallTime: String)
    case unknownIntent(recordID: String)
    case outcomeAlreadyRecorded(intentRecordID: String, outcomeRecordID: String)
    case proposalMismatch(intentRecordID: String, expected: String, got: String)
    case ledgerShrank(path: String, offset: UInt64, size: UInt64)
    case checkpointNotWritten(path: String, recordID: String, reason: String)

    public var description: String {
        switch self {
        case .unusable(let path, let reason):
            return "decision ledger \(path) is unusable (\(reason)); no action was run. Check the path and permissions, or point ledger: in vigil.yaml elsewhere"
        case .corruptLine(let path, let line, let reason):
            return "decision ledger \(path) has an unreadable line\(line.map { " \($0)" } ?? "") (\(reason)); run `vigil ledger verify \(path)` and keep the file for the incident review"
        case .alreadyRecorded(let key, let id, let op, let wall):
            return "this action was already confirmed (\(key), record \(id) by \(op) at \(wall)); not running it twice. Check its outcome with `vigil ledger show`"
        case .unknownIntent(let id):
            return "ledger record \(id) is not a confirmed action; the outcome was not recorded"
        case .outcomeAlreadyRecorded(let id, let outcomeID):
            return "the action of ledger record \(id) already has an outcome (\(outcomeID)); not recording a second one"
        case .proposalMismatch(let id, let expected, let got):
            return "outcome for \(got) does not belong to ledger record \(id) (proposal \(expected)); this is a bug in the caller"
        case .checkpointNotWritten(let path, let id, let reason):
            return "record \(id) is in the decision ledger \(path), but its checkpoint could not be written (\(reason)); not acting on it. See `vigil ledger unresolved \(path)`"
        case .ledgerShrank(let path, let offset, let size):
            return "decision ledger \(path) is now \(size) bytes, shorter than the \(offset) already read; it was replaced or truncated, read it again from the start and run `vigil ledger verify`"
        }
    }
}
