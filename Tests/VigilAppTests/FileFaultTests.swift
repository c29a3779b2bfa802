import Foundation
import Glibc
import Testing
@testable import VigilActions
@testable import VigilApp
import VigilCore
import VigilSystem
import VigilTestSupport

/// Fault injection at the write call: a full disk, a failing fsync or
/// checkpoint, permission denied. No decision may act without its ledger
/// line on disk, the operator must read why, and nothing already
/// acknowledged may be lost.
@Suite(.serialized) struct FileFaultTests {
    /// Writes half the line, then fails as a full disk does.
    static let halfThenFull = FileWrites(
        write: { fd, bytes, path in
            try FileWrites.system.write(fd, Array(bytes.prefix(bytes.count / 2)), path)
            throw FileWrites.diskFull(path)
        },
        fsync: FileWrites.system.fsync, checkpoint: FileWrites.system.checkpoint)
    static let deniedAtWrite = FileWrites(
        write: { _, _, path in throw SystemError("write", path, code: EACCES) },
        fsync: FileWrites.system.fsync, checkpoint: FileWrites.system.checkpoint)
    static let fsyncFails = FileWrites(
        write: FileWrites.system.write,
        fsync: { _, path in throw SystemError("fsync", path, code: EIO) },
        checkpoint: FileWrites.system.checkpoint)
    static let checkpointFails = FileWrites(
        write: FileWrites.system.write, fsync: FileWrites.system.fsync,
        checkpoint: { _, ledger in throw FileWrites.diskFull(ledger + ".head") })

    /// A live session with one open proposal, and a desk whose ledger writes fail as `writes` says.
    func confirmWithFailingLedger(_ writes: FileWrites) throws -> (LiveFixture, Session, [String]) {
        let f = try LiveFixture()
        let live = try f.sessionWithProposal(readOnly: true)
        defer { live.stop() }
        let notices = LineSink()
        let ledger = try DecisionLedger(path: f.ledger, writes: writes)
        let desk = DecisionDesk(engine: live.engine, ledger: ledger, flagFile: f.flags, hooks: [:], readOnly: false,
                                notice: { notices.append($0) })
        let done = DispatchSemaphore(value: 0)
        desk.decide("P1", .confirmed, operatorName: "ana") { done.signal() }
        try awaitSignal(done)
        return (f, live, notices.lines)
    }

    /// `lineWritten`: the whole line reached the file though the append
    /// failed after it (fsync, checkpoint): it then shows as an intent
    /// without outcome, for a person to check, and is never run.
    @Test(arguments: [("disk full mid-line", halfThenFull, "No space left on device", false),
                      ("permission denied", deniedAtWrite, "Permission denied", false),
                      ("fsync fails", fsyncFails, "Input/output error", true),
                      ("checkpoint fails", checkpointFails, "checkpoint could not be written", true)])
    func aDecisionWhoseLedgerLineFailsDoesNotAct(_ fault: String, _ writes: FileWrites, _ reason: String,
                                                 _ lineWritten: Bool) throws {
        let flagsBefore = try String(contentsOfFile: try LiveFixture().flags, encoding: .utf8)
        let (f, live, notices) = try confirmWithFailingLedger(writes)
        #expect(try String(contentsOfFile: f.flags, encoding: .utf8) == flagsBefore, "\(fault): the action ran")
        #expect(notices.count == 1 && notices[0].hasPrefix("NOT DONE: P1 confirmed") && notices[0].contains(reason),
                "\(fault): \(notices)")
        let healthy = try DecisionLedger(path: f.ledger)
        #expect(try healthy.records().allSatisfy { $0.outcome == nil }, "\(fault)")
        if lineWritten {
            #expect(try healthy.unresolvedIntents().map(\.proposalID) == ["P1"], "\(fault)")
        } else {
            #expect(try healthy.records().isEmpty, "\(fault)")
            #expect(live.engine.snapshot().proposals.first?.status.isOpen == true, "\(fault): the core saw a decision")
        }
        #expect(DecisionLedger.verify(path: f.ledger).ok || fault == "checkpoint fails", "\(fault)")
    }

    @Test func afterADiskFullTheTornLineIsDroppedAndTheNextDecisionActs() throws {
        let (f, live, _) = try confirmWithFailingLedger(Self.halfThenFull)
        #expect(DecisionLedger.verify(path: f.ledger).tornTail)
        let notices = LineSink()
        let desk = DecisionDesk(engine: live.engine, ledger: try DecisionLedger(path: f.ledger), flagFile: f.flags,
                                hooks: [:], readOnly: false, notice: { notices.append($0) })
        let done = DispatchSemaphore(value: 0)
        desk.decide("P1", .confirmed, operatorName: "ana") { done.signal() }
        try awaitSignal(done)
        let records = try DecisionLedger(path: f.ledger).records()
        #expect(records.map(\.id) == ["L000001", "L000002"], "\(notices.lines)")
        #expect(DecisionLedger.verify(path: f.ledger).ok)
        let flags = try String(contentsOfFile: f.flags, encoding: .utf8)
        #expect(!flags.contains("fractional"), "the rollback ran: \(flags) \(notices.lines)")
    }

    @Test func aLedgerReplacedByAFIFOOrADirectoryIsRefusedWithoutHanging() throws {
        let dir = temporaryDirectory("ledger-fifo")
        let fifo = dir + "/ledger.jsonl"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: LedgerError.self) { _ = try DecisionLedger(path: fifo) }
        do { _ = try DecisionLedger(path: fifo) } catch { #expect("\(error)".contains("a FIFO, not a regular file")) }
        #expect(!DecisionLedger.verify(path: fifo).ok)
        let folder = dir + "/folder.jsonl"
        #expect(mkdir(folder, 0o700) == 0)
        #expect(throws: LedgerError.self) { _ = try DecisionLedger(path: folder) }
        #expect(DecisionLedger.verify(path: folder).reason?.contains("directory") == true)
    }

    @Test func aFullDiskStopsTheRecordingAtItsLastWholeLine() throws {
        let f = try LiveFixture()
        let dir = temporaryDirectory("rec-full") + "/incident"
        let notices = LineSink()
        let budget = Budget(bytes: 300)
        let recorder = try IncidentRecorder(directory: dir, policyFile: f.config, flagFile: f.flags, write: { fd, bytes in
            let allowed = budget.take(bytes.count)
            try IncidentRecorder.writeAll(fd, Array(bytes.prefix(allowed)))
            if allowed < bytes.count { throw FileWrites.diskFull(dir + "/metrics.jsonl") }
        }, notice: { notices.append($0) })
        let t = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10)
        func sample(_ i: Int) -> Record {
            .sample(Sample(time: t.adding(.seconds(Double(i))), metric: "errors.rate", value: 0.1, labels: Labels()))
        }
        recorder.write([sample(1), sample(2)])
        recorder.write([sample(3), sample(4), sample(5), sample(6)])
        recorder.write([sample(7)])
        recorder.close()
        let text = try String(contentsOfFile: dir + "/metrics.jsonl", encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        #expect(text.split(separator: "\n").count == 2, "\(text)")
        #expect(notices.lines.count == 1 && notices.lines[0].contains("recording stopped") && notices.lines[0].contains("first 2 records"),
                "\(notices.lines)")
    }
}

final class Budget: @unchecked Sendable {
    private let lock = Lock()
    private var left: Int
    init(bytes: Int) { left = bytes }
    func take(_ n: Int) -> Int { lock.withLock { let k = min(n, left); left -= k; return k } }
}
