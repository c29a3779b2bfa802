import Crypto
import Foundation
import Glibc
import VigilCore
import VigilSystem
import VigilWording

/// Append-only JSON Lines decision ledger; each line one LedgerRecord.
///
/// Why it is built this way:
/// - Write-ahead: a confirmed decision is written, with its action intent,
///   and fsync'd *before* the action runs, so after a crash (kill -9, power
///   loss) the ledger shows every action that may have happened. An intent
///   without an outcome is shown to the operator (`unresolvedIntents`) and
///   never re-run automatically: whether it took effect is for a person to check.
/// - Every append takes an exclusive flock on the file and fsyncs before
///   returning, so two Vigil processes (two terminals on one incident) can
///   share one ledger: ids stay sequential, the hash chain stays intact, and
///   the same action for the same proposal is only ever written ahead once.
/// - Each line carries the SHA-256 of the line before it, so editing or
///   deleting a line afterwards is detectable (`DecisionLedger.verify`).
/// - The file is created 0600: it names people and incidents. An existing
///   ledger others may read is tightened to 0600 (with a message), or
///   refused when it cannot be.
/// - After each append the head (sequence and hash of the last record) is
///   written to a checkpoint beside the ledger (`LedgerHead`), so lines cut
///   off the end show in `verify`; hooks carry a copy off the machine.
/// - The writes go through `FileWrites`, so tests can fill the disk.
///
/// The instance holds no open file or mutable state; every call opens the
/// file, so it is safe to share between threads and follows log rotation.
public final class DecisionLedger: Sendable {
    public let path: String
    private let writes: FileWrites
    /// What `wallTime` says on each record.
    public let stamp: Stamp

    /// The time a record's `wallTime` carries. A live ledger is an audit
    /// trail: the wall clock. A replay's ledger (in its state directory) is a
    /// rehearsal of recorded time: stamped with event time, the whole ledger,
    /// its hashes and the `ledger_head` hooks receive are the same bytes on
    /// every run of the same replay.
    public enum Stamp: Sendable { case wallClock, eventTime }
    /// Milliseconds since the epoch for `.wallClock` stamps: the project's
    /// wall clock, or a clock a test sets.
    private let wallClock: @Sendable () -> Int64

    /// Creates the parent directory (0700) and the file (0600) if missing.
    /// `notice` hears of a ledger whose permissions were tightened.
    public init(path: String, writes: FileWrites = .system, stamp: Stamp = .wallClock,
                wallClock: @escaping @Sendable () -> Int64 = { WallClock.nowMillis() },
                notice: @Sendable (String) -> Void = { FileWrites.standardError($0) }) throws {
        self.path = path
        self.writes = writes
        self.stamp = stamp
        self.wallClock = wallClock
        let dir = Posix.directory(of: path)
        do {
            try Posix.makeDirectories(dir)
            var st = stat()
            let existed = stat(path, &st) == 0
            let fd = try Posix.openRegular(path, O_RDWR | O_CREAT | O_APPEND, 0o600)
            defer { close(fd) }
            let mode = try Posix.mode(fd, path: path)
            if mode & 0o077 != 0 {
                // It names people and incidents: nobody else may read it.
                let loose = String(mode, radix: 8)
                guard fchmod(fd, 0o600) == 0 else {
                    throw SystemError("mode 0\(loose) lets others read it and cannot be tightened to 0600 (chmod 600 it):", path)
                }
                notice("vigil: the decision ledger \(path) had mode 0\(loose); tightened to 0600 (it names people and incidents)")
            }
            if !existed { try Posix.fsyncDirectory(dir) }
        } catch {
            throw LedgerError.unusable(path: path, reason: "\(error)")
        }
    }

    /// The head the checkpoint beside the ledger records, nil when there is
    /// no checkpoint yet (a ledger written before checkpoints, or empty).
    public func head() throws -> LedgerHead? {
        do { return try LedgerCheckpoint.read(ledger: path) } catch {
            throw LedgerError.unusable(path: LedgerCheckpoint.path(for: path), reason: "\(error)")
        }
    }

    // MARK: Writing

    /// Write-ahead: records the decision (and, when it runs an action, the
    /// action intent with its idempotency key) and fsyncs. Call BEFORE running
    /// the action. Throws `LedgerError.alreadyRecorded` when the same action
    /// for the same proposal was already written ahead (by this or another
    /// process): do not run it again.
    ///
    /// A retry of an action whose every earlier attempt failed is written
    /// under the same idempotency key: the key names the action, and a failed
    /// attempt did not do it. `reason` and `amends` go into the record as
    /// given; the snooze's end and the chosen response come from `decision`.
    @discardableResult
    public func recordDecision(_ decision: Decision, proposal: Proposal, reason: String? = nil,
                               amends: String? = nil) throws -> LedgerRecord {
        try recordDecision(LedgerVerdict(decision.verdict), proposal: proposal, operatorName: decision.operatorName,
                           eventTime: decision.time, reason: reason,
                           action: decision.response.flatMap { n in n >= 1 && n <= proposal.responses.count ? proposal.responses[n - 1] : nil },
                           until: decision.verdict == .snoozed
                               ? (decision.snoozedUntil ?? decision.time.adding(Decision.defaultSnooze)) : nil,
                           response: decision.response.flatMap { $0 > 1 ? $0 : nil }, amends: amends)
    }

    /// The general form: any verdict (including `expired` and
    /// `auto_executed`), an optional reason, and optionally a different action
    /// than the proposal's first choice (an alternative the operator picked).
    @discardableResult
    public func recordDecision(_ verdict: LedgerVerdict, proposal: Proposal, operatorName: String,
                               eventTime: EventTime, reason: String? = nil, action: ActionIntent? = nil,
                               until: EventTime? = nil, response: Int? = nil,
                               amends: String? = nil) throws -> LedgerRecord {
        let chosen = action ?? proposal.action
        let intent = verdict.runsAction ? LedgerIntent(chosen, proposalID: proposal.id) : nil
        return try append { existing in
            if let key = intent?.idempotencyKey,
               let earlier = existing.first(where: { r in
                   // Done, or perhaps done (no outcome yet): never again. Failed: may be retried.
                   r.intent?.idempotencyKey == key
                       && !existing.contains { $0.intentRecordID == r.id && $0.outcome?.succeeded == false }
               }) {
                throw LedgerError.alreadyRecorded(key: key, recordID: earlier.id, operatorName: earlier.operatorName,
                                                  wallTime: earlier.wallTime)
            }
            var record = LedgerRecord(
                id: "", kind: .decision, eventTime: eventTime.iso8601, wallTime: stamped(eventTime),
                operatorName: operatorName, proposalID: proposal.id, decision: verdict.rawValue, reason: reason,
                until: until?.iso8601, response: response, amends: amends,
                group: proposal.group, signal: proposal.signal, failureMode: proposal.failureMode.rawValue,
                title: Wording.title(proposal), evidence: proposal.evidence.map(LedgerEvidence.init), intent: intent,
                intentRecordID: nil, outcome: nil, prevHash: "", hash: "")
            record.raisedBy = Self.raisingVerdict(of: proposal, in: existing)
            return record
        }
    }

    /// Records the outcome of the intent recorded under `intentRecordID`; fsync'd.
    /// Throws when that record is not an intent or already has an outcome.
    @discardableResult
    public func recordOutcome(intentRecordID: String, outcome: ActionOutcome) throws -> LedgerRecord {
        try append { existing in
            guard let intentRecord = existing.first(where: { $0.id == intentRecordID }), let intent = intentRecord.intent else {
                throw LedgerError.unknownIntent(recordID: intentRecordID)
            }
            if let done = existing.first(where: { $0.intentRecordID == intentRecordID }) {
                throw LedgerError.outcomeAlreadyRecorded(intentRecordID: intentRecordID, outcomeRecordID: done.id)
            }
            guard outcome.proposalID == intentRecord.proposalID else {
                throw LedgerError.proposalMismatch(intentRecordID: intentRecordID, expected: intentRecord.proposalID,
                                                   got: outcome.proposalID)
            }
            return LedgerRecord(
                id: "", kind: .outcome, eventTime: outcome.time.iso8601, wallTime: stamped(outcome.time),
                operatorName: intentRecord.operatorName, proposalID: intentRecord.proposalID,
                decision: intentRecord.decision, reason: nil, until: nil, response: nil, amends: nil,
                group: intentRecord.group, signal: intentRecord.signal,
                failureMode: intentRecord.failureMode, title: intentRecord.title, evidence: [], intent: nil,
                intentRecordID: intentRecordID,
                outcome: LedgerOutcome(succeeded: outcome.succeeded, detail: outcome.detail,
                                       idempotencyKey: intent.idempotencyKey),
                prevHash: "", hash: "", escalation: intentRecord.escalation)
        }
    }

    /// The locked read-check-append cycle every write goes through.
    func append(_ build: ([LedgerRecord]) throws -> LedgerRecord) throws -> LedgerRecord {
        let fd: Int32
        do { fd = try Posix.openRegular(path, O_RDWR | O_CREAT | O_APPEND, 0o600) } catch {
            throw LedgerError.unusable(path: path, reason: "\(error)")
        }
        defer { close(fd) }
        do {
            try Posix.flock(fd, LOCK_EX, path: path)
            var bytes = try Posix.readAll(fd, path: path)
            // A line without its newline was torn by a crash mid-append; its
            // append never returned, so no action ran on it. Drop it.
            let complete = bytes.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            if complete < bytes.count {
                guard ftruncate(fd, off_t(complete)) == 0 else { throw SystemError("truncate", path) }
                bytes.removeSubrange(complete...)
            }
            let lines = LedgerCodec.lines(bytes[...])
            let existing = try lines.enumerated().map { try LedgerCodec.decode($0.element, line: $0.offset + 1, path: path) }
            var record = try build(existing)
            record.id = LedgerCodec.id(lines.count + 1)
            record.prevHash = lines.last.map { SHA256.hex($0) } ?? LedgerCodec.zeroHash
            var (line, hash) = try LedgerCodec.sealedLine(record)
            record.hash = hash
            line.append(0x0A)
            try writes.write(fd, line, path)
            try writes.fsync(fd, path)
            do {
                try writes.checkpoint(LedgerHead(sequence: lines.count + 1, hash: hash), path)
            } catch {
                throw LedgerError.checkpointNotWritten(path: path, recordID: record.id, reason: "\(error)")
            }
            return record
        } catch let e as LedgerError {
            throw e
        } catch {
            throw LedgerError.unusable(path: path, reason: "\(error)")
        }
    }

    // MARK: Reading

    public func records() throws -> [LedgerRecord] { try records(after: 0).records }

    /// Tail: the complete records that start at or after byte `offset`, and
    /// the offset to pass next time. A second process polls this to see
    /// decisions made by another. A half-written last line is left for the
    /// next call. Throws `ledgerShrank` if the file is now shorter than
    /// `offset` (it was replaced): start again from 0.
    public func records(after offset: UInt64) throws -> (records: [LedgerRecord], nextOffset: UInt64) {
        let bytes: [UInt8]
        do {
            let fd = try Posix.openRegular(path, O_RDONLY)
            defer { close(fd) }
            let size = try Posix.fileSize(fd, path: path)
            guard size >= offset else { throw LedgerError.ledgerShrank(path: path, offset: offset, size: size) }
            bytes = try Posix.readAll(fd, path: path, from: offset)
        } catch let e as LedgerError { throw e } catch {
            throw LedgerError.unusable(path: path, reason: "\(error)")
        }
        let complete = bytes.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let lines = LedgerCodec.lines(bytes[..<complete])
        let records = try lines.map { try LedgerCodec.decode($0, line: nil, path: path) }
        return (records, offset + UInt64(complete))
    }

    /// Confirmed intents with no outcome record (after a crash): show them to
    /// the operator; never re-run them automatically.
    public func unresolvedIntents() throws -> [LedgerRecord] {
        let all = try records()
        let resolved = Set(all.compactMap(\.intentRecordID))
        return all.filter { $0.isConfirmedIntent && !resolved.contains($0.id) }
    }

    /// True when an outcome was recorded for the intent with this key.
    public func hasOutcome(idempotencyKey: String) throws -> Bool {
        try records().contains { $0.kind == .outcome && $0.outcome?.idempotencyKey == idempotencyKey }
    }

    /// True when the proposal's last decision stands: confirmed, rejected,
    /// expired or auto-run. A snooze (and its end) is not a decision, the
    /// proposal comes back; nor is a rejection that was undone; a reason
    /// only explains.
    public func isDecided(proposalID: String) throws -> Bool {
        let stands = Set([LedgerVerdict.confirmed, .rejected, .expired, .autoExecuted].map(\.rawValue))
        let last = try records().last {
            $0.kind == .decision && $0.proposalID == proposalID && $0.decision != LedgerVerdict.reason.rawValue
        }
        return last.map { stands.contains($0.decision) } ?? false
    }

    /// The decision record that wrote ahead this intent, if any.
    public func intentRecord(idempotencyKey: String) throws -> LedgerRecord? {
        try records().first { $0.intent?.idempotencyKey == idempotencyKey }
    }
}

extension DecisionLedger {
    /// A record's `wallTime`, as `stamp` says: RFC 3339 UTC with
    /// milliseconds either way (the spelling of `EventTime.iso8601`).
    func stamped(_ event: EventTime) -> String {
        stamp == .eventTime ? event.iso8601 : EventTime(milliseconds: wallClock()).iso8601
    }
}
