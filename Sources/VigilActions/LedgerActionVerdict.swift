import VigilCore
import VigilWording

/// What a verification record says: the verdict on one executed action, what
/// was found, and which action (its idempotency key) it judges.
public struct LedgerActionVerdict: Codable, Sendable, Hashable {
    public var worked: Bool
    /// What was found, worded (`Wording.verificationFinding`).
    public var finding: String
    /// The idempotency key of the action judged.
    public var idempotencyKey: String
    /// The outcome record that says the action was done, when the ledger has it.
    public var outcomeRecordID: String?
}

extension DecisionLedger {
    /// Records the verdict on `proposal`'s executed action; fsync'd like every
    /// record. Nothing runs on it, so it is not written ahead of anything.
    /// Each verdict is recorded once per proposal: a second `worked` (or
    /// `not_working`) for the same proposal, from a restart or another
    /// process, throws `alreadyRecorded` (key `P1/verification/worked`).
    @discardableResult
    public func recordVerification(_ result: VerificationResult, proposal: Proposal,
                                   at time: EventTime) throws -> LedgerRecord {
        let verdict = result.verdict.rawValue
        let key = "\(proposal.id)/verification/\(verdict)"
        return try append { existing in
            if let earlier = existing.first(where: {
                $0.kind == .verification && $0.proposalID == proposal.id && $0.decision == verdict
            }) {
                throw LedgerError.alreadyRecorded(key: key, recordID: earlier.id, operatorName: earlier.operatorName,
                                                  wallTime: earlier.wallTime)
            }
            // The action judged: the last one done for this proposal (not a page).
            let done = existing.last {
                $0.kind == .outcome && $0.proposalID == proposal.id && $0.escalation == nil && $0.outcome?.succeeded == true
            }
            let action = LedgerActionVerdict(
                worked: result.worked, finding: Wording.verificationFinding(result),
                idempotencyKey: done?.outcome?.idempotencyKey ?? LedgerIntent.idempotencyKey(proposal.action, proposalID: proposal.id),
                outcomeRecordID: done?.id)
            return LedgerRecord(
                id: "", kind: .verification, eventTime: time.iso8601, wallTime: stamped(time),
                operatorName: "vigil", proposalID: proposal.id, decision: verdict, reason: nil,
                group: proposal.group, signal: proposal.signal, failureMode: proposal.failureMode.rawValue,
                title: Wording.title(proposal), evidence: [], intent: nil, intentRecordID: nil, outcome: nil,
                prevHash: "", hash: "", verification: action)
        }
    }

    /// For a proposal raised because an action did not work: the record of
    /// that verdict, so the proposal's own records name what raised it.
    static func raisingVerdict(of proposal: Proposal, in existing: [LedgerRecord]) -> String? {
        guard let previous = proposal.followUpOf else { return nil }
        return existing.last {
            $0.kind == .verification && $0.proposalID == previous && $0.verification?.worked == false
        }?.id
    }
}
