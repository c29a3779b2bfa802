import VigilActions
import VigilCore

extension DecisionLedger {
    /// The actions an earlier run executed whose verdict the ledger does not
    /// hold, oldest first: the watch stopped between the action and its
    /// verdict. A new watch judges them (decision 0031).
    ///
    /// An action is a successful outcome of a confirmed or auto-run decision
    /// (a page is not one); what it was for (deployment, signals) comes from
    /// the decision record that wrote it ahead. A proposal with any
    /// `verification` record is judged already. Records this cannot read
    /// (no time, no deployment, no signal) are left out: the verdict is then
    /// not found, as before, rather than found about the wrong thing.
    ///
    /// A run is given at most the `unverifiedLimit` latest (`limit`): each
    /// is checked every second until judged, and a damaged or hostile ledger
    /// must not make that cost without bound; older ones stay owed.
    func unverifiedActions(limit: Int = unverifiedLimit) throws -> [UnverifiedAction] {
        let all = try records()
        var intents: [String: LedgerRecord] = [:]
        for r in all where r.isConfirmedIntent && r.escalation == nil { intents[r.id] = r }
        let judged = Set(all.lazy.filter { $0.kind == .verification }.map(\.proposalID))
        var found: [String: UnverifiedAction] = [:]
        var order: [String] = []
        for r in all where r.kind == .outcome && r.escalation == nil && r.outcome?.succeeded == true
            && !judged.contains(r.proposalID) {
            guard let time = parseTimestamp(r.eventTime), let intent = r.intentRecordID.flatMap({ intents[$0] }),
                  intent.proposalID == r.proposalID, let group = intent.group else { continue }
            // As a run judges its own: by the signals of the proposal's evidence.
            var signals: [String] = []
            for e in intent.evidence where !signals.contains(e.signal) { signals.append(e.signal) }
            if signals.isEmpty, let signal = intent.signal { signals = [signal] }
            guard !signals.isEmpty else { continue }
            if found[r.proposalID] == nil { order.append(r.proposalID) }
            found[r.proposalID] = UnverifiedAction(proposalID: r.proposalID, group: group, signals: signals,
                                                   executedAt: time)
        }
        return order.suffix(limit).compactMap { found[$0] }
    }

    static let unverifiedLimit = 100
}
