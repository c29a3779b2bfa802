import Foundation
import Testing
@testable import VigilActions
@testable import VigilApp
import VigilCore
import VigilTestSupport

/// The ladder end to end in a live session: each page and resolve runs its
/// hook (argv, no shell) and is in the ledger before the hook runs, with
/// its outcome after.
@Suite struct EscalationPagingTests {
    /// A hook that appends "EVENT HOOK STEP DEDUP LEDGER-LINES" to pages.log
    /// in the policy folder: the ledger's line count when it ran.
    static let recorder = #"["python3", "-c", "import os; e = os.environ; n = len(open('ledger.jsonl').readlines()); open('pages.log', 'a').write(' '.join([e['VIGIL_EVENT'], e['VIGIL_ESCALATION_HOOK'], e['VIGIL_ESCALATION_STEP'], e['VIGIL_DEDUP_KEY'], str(n)]) + chr(10))"]"#

    static let ladder = """
    escalation:
      - {after: 1m, hook: page-primary}
      - {after: 2m, hook: page-secondary}
    hooks:
      page-primary: \(recorder)
      page-secondary: \(recorder)

    """

    func sample(_ time: String, _ value: Double) -> String {
        #"{"ts":"2026-02-14T\#(time)Z","metric":"errors.rate","value":\#(value),"labels":{"deployment":"support-agent","variant":"canary"}}"#
    }

    func log(_ f: LiveFixture) -> [String] {
        ((try? String(contentsOfFile: f.dir + "/pages.log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func pagesClimbTheLadderAndAreResolvedWhenDecidedAllInTheLedgerFirst() throws {
        let f = try LiveFixture(extra: Self.ladder, escalateAfter: nil)
        let live = try f.sessionWithProposal(readOnly: false)
        defer { live.stop() }
        try f.append([sample("10:01:10", 0.4)])
        try waitFor(10, "the first page") { log(f).count == 1 }
        try f.append([sample("10:02:10", 0.4)])
        try waitFor(10, "the second page") { log(f).count == 2 }
        live.perform(.reject(proposalID: "P1"))
        try waitFor(10, "both resolves") { log(f).count == 4 }
        let lines = log(f)
        #expect(lines[0].hasPrefix("trigger page-primary 1 vigil-support-agent-P1"), "\(lines)")
        #expect(lines[1].hasPrefix("trigger page-secondary 2 vigil-support-agent-P1"), "\(lines)")
        #expect(Set(lines[2...].map { $0.split(separator: " ").prefix(2).joined(separator: " ") })
                == ["resolve page-primary", "resolve page-secondary"], "\(lines)")

        let ledger = try DecisionLedger(path: f.ledger)
        try waitFor(10, "every outcome in the ledger") { (try? ledger.unresolvedIntents().isEmpty) == true && (try? ledger.records().count) == 9 }
        let records = try ledger.records()
        // page, outcome, page, outcome, rejection, resolve, outcome, resolve, outcome
        let pages = records.filter { $0.kind == .escalation }
        #expect(pages.map(\.decision) == ["page", "page", "resolve", "resolve"], "\(records.map(\.kind))")
        #expect(pages.map { $0.escalation?.dedupKey } == Array(repeating: "vigil-support-agent-P1", count: 4))
        #expect(pages.compactMap { $0.escalation?.reason } == ["decided", "decided"])
        // Write-ahead: when each hook ran, the ledger ended with its own page record.
        for (line, page) in zip(lines, pages) {
            let seen = Int(line.split(separator: " ").last ?? "") ?? 0
            let sequence = Int(page.id.dropFirst()) ?? -1
            #expect(seen == sequence, "the hook saw \(seen) ledger lines for \(page.id)")
        }
        for page in pages {
            let outcome = records.first { $0.intentRecordID == page.id }
            #expect(outcome?.outcome?.succeeded == true && outcome?.escalation == page.escalation, "\(page.id)")
        }
        #expect(DecisionLedger.verify(path: f.ledger).ok)
    }

    @Test func aProblemThatRecoversBeforeItsRungNeverPages() throws {
        let f = try LiveFixture(extra: Self.ladder, escalateAfter: nil)
        let live = try f.sessionWithProposal(readOnly: false)
        defer { live.stop() }
        try f.append([sample("10:00:20", 0.0), sample("10:05:00", 0.0)])
        try waitFor(10, "event time past both rungs") { live.engine.snapshot().eventTime == EventTime.utc(year: 2026, month: 2, day: 14, hour: 10, minute: 5) }
        #expect(log(f).isEmpty)
        #expect(try DecisionLedger(path: f.ledger).records().isEmpty)
        #expect(live.engine.snapshot().proposals.first?.escalatesAt == nil)
    }
}
