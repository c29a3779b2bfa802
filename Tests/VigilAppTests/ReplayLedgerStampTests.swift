import Foundation
import Testing
@testable import VigilActions
@testable import VigilApp
import VigilTestSupport

/// A replay's ledger is stamped with event time, so the same replay writes
/// the same ledger bytes (hashes, and the `ledger_head` its hooks receive,
/// included) however often, and whenever, it runs.
@Suite struct ReplayLedgerStampTests {
    func replay(into state: String) throws -> (lines: [String], ledger: Data) {
        let session = try Session.replay(incident: packageRoot + "/fixtures/incidents/rejected-false-alarm",
                                         stateDir: state, speed: 0, paused: false, operatorName: "ana")
        let sink = LineSink()
        session.runHeadless { sink.append($0) }
        session.stop()
        return (sink.lines, try Data(contentsOf: URL(fileURLWithPath: state + "/ledger.jsonl")))
    }

    @Test func theSameReplayWritesTheSameLedgerAndStream() throws {
        let first = try replay(into: temporaryDirectory("stamp-a"))
        let second = try replay(into: temporaryDirectory("stamp-b"))
        // The incident pages after an earlier page is on the ledger, so a
        // hook's ledger_head depends on every earlier record's bytes.
        #expect(first.lines.contains { $0.contains("ledger_head") })
        #expect(first.ledger.count > 0)
        #expect(first.ledger == second.ledger)
        #expect(first.lines == second.lines)
    }

    @Test func aReplayLedgerCarriesEventTimeAndALiveOneTheWallClock() throws {
        let dir = temporaryDirectory("stamp-c")
        _ = try replay(into: dir)
        let records = try DecisionLedger(path: dir + "/ledger.jsonl").records()
        #expect(!records.isEmpty)
        for r in records { #expect(r.wallTime == r.eventTime) }
        let live = try DecisionLedger(path: temporaryDirectory("stamp-d") + "/ledger.jsonl")
        let note = try live.recordNote("test", detail: "d", operatorName: "ana",
                                       eventTime: .init(milliseconds: 0))
        #expect(note.wallTime != note.eventTime)
    }
}
