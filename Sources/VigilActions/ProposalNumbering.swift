extension DecisionLedger {
    /// Proposal numbers above this are refused: a ledger naming `P99999999999`
    /// is damaged or forged, and counting on from it would overflow.
    public static let largestProposalNumber = 1_000_000_000

    /// The number the next run's first proposal gets: one past the largest
    /// `P<n>` the ledger names, 1 for an empty ledger. Ids, and the
    /// idempotency keys made from them, then never repeat across restarts.
    /// Throws (never crashes) on a ledger that cannot be read, a damaged
    /// line, or a number out of range; the error says where.
    public func nextProposalNumber() throws -> Int {
        var largest = 0
        for r in try records() {
            guard r.proposalID.hasPrefix("P"), let n = Int(r.proposalID.dropFirst()), n >= 0,
                  r.proposalID.dropFirst().allSatisfy(\.isASCII) else { continue }
            guard n < DecisionLedger.largestProposalNumber else {
                throw LedgerError.unusable(path: path, reason: "record \(r.id) names proposal \(r.proposalID.prefix(24)), beyond the largest Vigil numbers (P\(DecisionLedger.largestProposalNumber)); the ledger is damaged or not Vigil's, run `vigil ledger verify \(path)`")
            }
            largest = max(largest, n)
        }
        return largest + 1
    }
}
