import Foundation
import Testing
@testable import VigilApp
import VigilActions
import VigilCore
import VigilTestSupport

/// Two Vigil processes on the same data share one ledger: a decision one of
/// them records reaches the other's matching proposal, and only that one.
@Suite struct LedgerFollowerTests {
    let policy = Policy(
        name: "t",
        signals: [SignalSpec(name: "error-rate", metric: "errors.rate", family: .infrastructure,
                             detector: .threshold(ThresholdSpec(value: 0.1, direction: .higherIsWorse)))],
        flags: [FlagSpec(name: "support-agent.model", deployment: "support-agent", role: .model)])

    /// An engine that has proposed for each failing (deployment, metric), in this order.
    func engine(failing: [(deployment: String, metric: String)]) -> Engine {
        let e = Engine(policy: policy)
        let t0 = EventTime(milliseconds: 1_771_063_200_000)
        var records: [Record] = []
        for (i, f) in failing.enumerated() {
            records.append(.sample(Sample(time: t0.adding(.seconds(Double(i))), metric: f.metric, value: 0.4,
                                          labels: Labels(["deployment": f.deployment]))))
        }
        _ = e.submitAndWait(records)
        return e
    }

    @Test func aDecisionElsewhereReachesTheMatchingProposalOnly() throws {
        let dir = temporaryDirectory("follower")
        let ledger = try DecisionLedger(path: dir + "/ledger.jsonl")
        // The other process saw the failures in another order, so its ids differ.
        let mine = engine(failing: [("support-agent", "errors.rate"), ("search-agent", "errors.rate")])
        let theirs = engine(failing: [("search-agent", "errors.rate"), ("support-agent", "errors.rate")])
        let follower = LedgerFollower(ledger: ledger, engine: mine, own: OwnRecords(), notice: { _ in })
        follower.poll()

        let theirProposal = try #require(theirs.snapshot().proposals.first { $0.group == "support-agent" })
        #expect(theirProposal.id == "P2")
        try ledger.recordDecision(Decision(proposalID: theirProposal.id, verdict: .rejected, operatorName: "ana",
                                           time: theirProposal.createdAt), proposal: theirProposal)
        follower.poll()

        let after = mine.snapshot().proposals
        let support = try #require(after.first { $0.group == "support-agent" })
        let search = try #require(after.first { $0.group == "search-agent" })
        #expect(support.id == "P1" && support.status == .rejected && support.decidedBy == "ana")
        #expect(search.status.isOpen && search.decidedBy == nil)
    }

    @Test func itsOwnRecordsAreNotAppliedTwice() throws {
        let dir = temporaryDirectory("follower-own")
        let ledger = try DecisionLedger(path: dir + "/ledger.jsonl")
        let mine = engine(failing: [("support-agent", "errors.rate")])
        let own = OwnRecords()
        let follower = LedgerFollower(ledger: ledger, engine: mine, own: own, notice: { _ in })
        follower.poll()
        let p = try #require(mine.snapshot().proposals.first)
        // Recorded by this process (as its desk does) but not yet applied here:
        // the follower must leave it to the desk.
        _ = try own.recording {
            try ledger.recordDecision(Decision(proposalID: p.id, verdict: .rejected, operatorName: "me", time: p.createdAt),
                                      proposal: p)
        }
        follower.poll()
        #expect(mine.snapshot().proposals.first?.status.isOpen == true)
    }
}
