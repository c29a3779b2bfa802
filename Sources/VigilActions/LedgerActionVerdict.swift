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
        let about = Subject(group: proposal.group, signal: proposal.signal,
                            failureMode: proposal.failureMode.rawValue, title: Wording.title(proposal),
                            actionKey: LedgerIntent.idempotencyKey(proposal.action, proposalID: proposal.id))
        return try recordVerification(result, proposalID: proposal.id, at: time) { _ in about }
    }

    /// Records the verdict on the action of a proposal an earlier run made
    /// and executed (a watch restarted before the verdict): this run has no
    /// such proposal, so what it was about is copied from the decision
    /// record that wrote its action ahead. Throws `unknownIntent` when the
    /// ledger has none.
    @discardableResult
    public func recordVerification(_ result: VerificationResult, earlierProposal id: String,
                                   at time: EventTime) throws -> LedgerRecord {
        try recordVerification(result, proposalID: id, at: time) { existing in
            guard let decided = existing.last(where: { $0.isConfirmedIntent && $0.escalation == nil && $0.proposalID == id })
            else { throw LedgerError.unknownIntent(recordID: id) }
            return Subject(group: decided.group, signal: decided.signal, failureMode: decided.failureMode,
                           title: decided.title, actionKey: decided.intent?.idempotencyKey)
        }
    }

    /// What a verification record says its proposal was about.
    private struct Subject {
        var group, signal, failureMode, title: String?
        /// The judged action's key when the ledger has no outcome for it.
        var actionKey: String?
    }

    private func recordVerification(_ result: VerificationResult, proposalID id: String, at time: EventTime,
                                    subject: ([LedgerRecord]) throws -> Subject) throws -> LedgerRecord {
        let verdict = result.verdict.rawValue
        let key = "\(id)/verification/\(verdict)"
        return try append { existing in
            if let earlier = existing.first(where: {
                $0.kind == .verification && $0.proposalID == id && $0.decision == verdict
            }) {
                throw LedgerError.alreadyRecorded(key: key, recordID: earlier.id, operatorName: earlier.operatorName,
                                                  wallTime: earlier.wallTime)
            }
            let about = try subject(existing)
            // The action judged: the last one done for this proposal (not a page).
            let done = existing.last {
                $0.kind == .outcome && $0.proposalID == id && $0.escalation == nil && $0.outcome?.succeeded == true
            }
            let action = LedgerActionVerdict(
                worked: result.worked, finding: Wording.verificationFinding(result),
                idempotencyKey: done?.outcome?.idempotencyKey ?? about.actionKey ?? "",
                outcomeRecordID: done?.id)
            return LedgerRecord(
                id: "", kind: .verification, eventTime: time.iso8601, wallTime: stamped(time),
                operatorName: "vigil", proposalID: id, decision: verdict, reason: nil,
                group: about.group, signal: about.signal, failureMode: about.failureMode,
                title: about.title, evidence: [], intent: nil, intentRecordID: nil, outcome: nil,
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
