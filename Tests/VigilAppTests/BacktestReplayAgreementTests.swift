import Foundation
import Testing
@testable import VigilApp
import VigilCore
import VigilTestSupport

/// A backtest is the replay's judgment without its side effects: on every
/// bundled incident both must list the same proposals (ids, times, causes,
/// targets, responses, signals and how each ended), `auto_after` included.
@Suite struct BacktestReplayAgreementTests {
    struct Seen: Hashable, CustomStringConvertible {
        var id: String, at: EventTime, kind: ResponseKind, target: String?, cause: Cause?
        var signals: [String], status: ProposalStatus?
        var description: String {
            "\(id) \(at.clock) \(kind.rawValue) \(target ?? "-") \(signals) \(status?.rawValue ?? "?")"
        }
    }

    @Test(arguments: BacktestTests.incidents)
    func backtestAndReplayListTheSameProposals(_ name: String) throws {
        let dir = packageRoot + "/fixtures/incidents/" + name
        // A headless replay has no operator: leave the scripted decisions out.
        let backtest = try Backtester.run(dir, policyPath: nil, scriptedDecisions: false).proposals
            .filter { !$0.escalation }
            .map { Seen(id: $0.id, at: $0.at, kind: $0.kind, target: $0.target, cause: $0.cause,
                        signals: $0.signals, status: $0.status) }
        let session = try Session.replay(incident: dir, stateDir: temporaryDirectory("agreement"), speed: 0, paused: false)
        session.runHeadless { _ in }
        let replay = session.engine.snapshot().proposals
            .map { Seen(id: $0.id, at: $0.createdAt, kind: $0.action.kind, target: $0.action.flag, cause: $0.cause,
                        signals: $0.evidence.map(\.signal), status: $0.status) }
        #expect(backtest == replay, "\(name): backtest \(backtest) but replay \(replay)")
    }

    @Test func anAutoExecutedRollbackIsListedOnce() throws {
        let r = try Backtester.run(packageRoot + "/fixtures/incidents/error-spike-rollback", policyPath: nil)
        #expect(r.proposals.filter { $0.kind == .rollback }.map(\.id) == ["P1"])
        #expect(r.proposals.first?.status == .executed)
        // The recording keeps failing after it: the only other proposal is
        // the next step the core raised, escalation.
        #expect(r.proposals.dropFirst().map(\.kind) == [.escalate])
    }
}
