import Foundation
import VigilCore
import VigilWording

/// What an escalation record says: which page of the ladder, through which
/// hook, under which dedup key (the pager's incident), and why a resolve.
public struct LedgerEscalation: Codable, Sendable, Hashable {
    /// "trigger" or "resolve".
    public var event: String
    /// The page's number on the ladder (1, 2, …); on a resolve, the last page sent.
    public var step: Int
    /// The hook's name in `hooks:`; absent: `escalate`.
    public var hook: String?
    /// The key every page and resolve of one proposal shares, so the pager
    /// updates one incident: `vigil-<group>-<proposal id>`.
    public var dedupKey: String
    /// On a resolve: "decided" or "recovered".
    public var reason: String?

    public init(_ page: EscalationPage, group: String) {
        switch page.event {
        case .trigger: event = "trigger"; reason = nil
        case .resolve(let why): event = "resolve"; reason = why.rawValue
        }
        step = page.step; hook = page.hook
        dedupKey = LedgerEscalation.dedupKey(proposalID: page.proposalID, group: group)
    }

    public static func dedupKey(proposalID: String, group: String) -> String { "vigil-\(group)-\(proposalID)" }
}

extension DecisionLedger {
    /// Write-ahead for a page or a resolve: recorded and fsync'd before the
    /// hook runs; its outcome follows with `recordOutcome`. The idempotency
    /// key (`P3/escalation/page-2`, `P3/escalation/resolve/<hook>`) makes a
    /// second attempt at the same page (another process, a retry) refuse
    /// with `alreadyRecorded` instead of paging twice.
    @discardableResult
    public func recordPage(_ page: EscalationPage, proposal: Proposal) throws -> LedgerRecord {
        let escalation = LedgerEscalation(page, group: proposal.group)
        let key: String
        switch page.event {
        case .trigger: key = "\(proposal.id)/escalation/page-\(page.step)"
        case .resolve: key = "\(proposal.id)/escalation/resolve/\(page.hook ?? "escalate")"
        }
        let verb = escalation.event == "trigger" ? "page" : "resolve"
        let intent = LedgerIntent(kind: ResponseKind.escalate.rawValue, flag: nil, variant: nil, weights: [],
                                  summary: "\(verb) \(escalation.dedupKey)" + (page.hook.map { " via \($0)" } ?? ""),
                                  idempotencyKey: key)
        return try append { existing in
            if let earlier = existing.first(where: { $0.intent?.idempotencyKey == key }) {
                throw LedgerError.alreadyRecorded(key: key, recordID: earlier.id, operatorName: earlier.operatorName,
                                                  wallTime: earlier.wallTime)
            }
            return LedgerRecord(
                id: "", kind: .escalation, eventTime: page.at.iso8601, wallTime: stamped(page.at),
                operatorName: "vigil", proposalID: proposal.id, decision: verb, reason: nil,
                group: proposal.group, signal: proposal.signal, failureMode: proposal.failureMode.rawValue,
                title: Wording.title(proposal), evidence: [], intent: intent, intentRecordID: nil, outcome: nil,
                prevHash: "", hash: "", escalation: escalation,
                raisedBy: Self.raisingVerdict(of: proposal, in: existing))
        }
    }

    /// Records something Vigil did to its own state (e.g. "flag_file_reset"),
    /// before doing it, so the ledger and the files never silently disagree.
    @discardableResult
    public func recordNote(_ what: String, detail: String, operatorName: String,
                           eventTime: EventTime) throws -> LedgerRecord {
        try append { _ in
            LedgerRecord(id: "", kind: .note, eventTime: eventTime.iso8601, wallTime: stamped(eventTime),
                         operatorName: operatorName, proposalID: "", decision: what, reason: detail,
                         group: nil, signal: nil, failureMode: nil, title: nil, evidence: [], intent: nil,
                         intentRecordID: nil, outcome: nil, prevHash: "", hash: "")
        }
    }
}

extension LedgerIntent {
    init(kind: String, flag: String?, variant: String?, weights: [LedgerWeight], summary: String, idempotencyKey: String) {
        self.kind = kind; self.flag = flag; self.variant = variant; self.weights = weights
        self.summary = summary; self.idempotencyKey = idempotencyKey
    }
}
