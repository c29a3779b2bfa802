import Crypto
import VigilCore
import VigilWording

/// One line of the decision ledger (docs/operations.md documents every field).
///
/// Plain strings and numbers only, so the ledger can be read with `jq` or a
/// spreadsheet in an incident review without Vigil.
public struct LedgerRecord: Codable, Sendable, Hashable {
    /// `escalation`: a page sent or taken back by the escalation ladder;
    /// `verification`: the verdict on an executed action;
    /// `note`: something Vigil did to its own state (a replay's flag file reset).
    public enum Kind: String, Codable, Sendable, Hashable { case decision, outcome, escalation, verification, note }

    /// `L000001`, `L000002`, … in file order; assigned under the file lock.
    public var id: String
    public var kind: Kind
    /// Event time of the decision or outcome (RFC 3339 from EventTime.iso8601).
    public var eventTime: String
    /// Wall-clock time the line was written (RFC 3339, UTC, milliseconds).
    public var wallTime: String
    public var operatorName: String
    public var proposalID: String
    /// "confirmed", "rejected", "snoozed", "snooze_ended", "expired",
    /// "auto_executed", "undone" (a rejection taken back) or "reason" (a
    /// reason given after the decision it explains); on escalation records
    /// "page" or "resolve"; on verification records "worked" or
    /// "not_working"; on notes what was done.
    public var decision: String
    public var reason: String?
    /// Snoozes: when the snooze ends (event time, RFC 3339).
    public var until: String?
    /// Confirmations of another ranked response than the proposed one: its
    /// number on the details screen (2, 3, …).
    public var response: Int?
    /// `undone` and `reason` records: the record they refer to.
    public var amends: String?
    /// What the proposal was about, for reading the ledger on its own.
    public var group: String?
    public var signal: String?
    public var failureMode: String?
    public var title: String?
    public var evidence: [LedgerEvidence]
    /// The action to run; on decision records only when it is to be run.
    public var intent: LedgerIntent?
    /// On outcome records: the decision record whose intent this resolves.
    public var intentRecordID: String?
    public var outcome: LedgerOutcome?
    /// Hex SHA-256 of the previous line's bytes (without its newline);
    /// 64 zeros on the first line. Chains the lines: removing, inserting or
    /// editing one breaks the next line's link.
    public var prevHash: String
    /// Hex SHA-256 of this line as written with `"hash":""`, so an edit to a
    /// line (the last one included) is reported at that line.
    public var hash: String = ""
    /// On escalation records and their outcomes: which page, through which hook.
    public var escalation: LedgerEscalation? = nil
    /// On verification records: what was found about which action.
    public var verification: LedgerActionVerdict? = nil
    /// On the records of a proposal the core raised because an action did
    /// not work: the `verification` record with that verdict.
    public var raisedBy: String? = nil

    /// Written ahead of acting (an action or a page), so an outcome should follow.
    public var isConfirmedIntent: Bool { (kind == .decision || kind == .escalation) && intent != nil }
}

/// What the operator (or policy) decided about a proposal. A superset of
/// `Decision.Verdict`: the app also records expiries and policy auto-runs.
public enum LedgerVerdict: String, Codable, Sendable, Hashable, CaseIterable {
    case confirmed, rejected, snoozed, expired
    case autoExecuted = "auto_executed"
    case undone
    /// A snooze ran out (written by Vigil, not a person's decision).
    case snoozeEnded = "snooze_ended"
    /// A reason given after the decision it explains (`amends` names it).
    case reason

    public init(_ v: Decision.Verdict) {
        switch v {
        case .confirmed: self = .confirmed
        case .rejected: self = .rejected
        case .snoozed: self = .snoozed
        case .autoExecuted: self = .autoExecuted
        case .undone: self = .undone
        }
    }

    /// Verdicts whose action is carried out, so an intent is written ahead.
    public var runsAction: Bool { self == .confirmed || self == .autoExecuted }
}

/// Evidence as it stood when the decision was made.
public struct LedgerEvidence: Codable, Sendable, Hashable {
    public var signal: String
    public var metric: String
    public var group: String
    /// Nil when the value was not a finite number (JSON has no NaN).
    public var value: Double?
    public var baseline: Double?
    public var threshold: Double?
    public var statistic: String
    public var samples: Int
    public var baselineSamples: Int
    public var since: String
    public var at: String
    public var deploy: String?
    /// When the series changed and every recent change weighed for blame,
    /// worded (`Wording.changePoint`, `Wording.blame`); absent in ledgers
    /// written before blame weighed every change.
    public var changePoint: String?
    public var blame: String?

    public init(_ e: Evidence) {
        signal = e.signal; metric = e.metric; group = e.group
        value = finite(e.value); baseline = e.baseline.flatMap(finite); threshold = e.threshold.flatMap(finite)
        statistic = Wording.statistic(e.statistic); samples = e.samples; baselineSamples = e.baselineSamples
        since = e.since.iso8601; at = e.at.iso8601; deploy = e.deploy.map(Wording.deploy)
        changePoint = e.changePoint.map(Wording.changePoint)
        blame = e.changes.isEmpty ? nil : Wording.blame(e)
    }
}

public struct LedgerWeight: Codable, Sendable, Hashable {
    public var variant: String
    public var percent: Double
}

/// The action written ahead of running it.
public struct LedgerIntent: Codable, Sendable, Hashable {
    /// ResponseKind raw value: "rollback", "traffic_shift", "degrade", "restrict", "escalate".
    public var kind: String
    public var flag: String?
    public var variant: String?
    public var weights: [LedgerWeight]
    public var summary: String
    /// `<proposal id>/<flag or "-">/<first 16 hex of SHA-256 of the intent>`:
    /// the same action for the same proposal always gets the same key, so a
    /// second confirmation (another terminal, a restart) is recognised.
    public var idempotencyKey: String

    public init(_ a: ActionIntent, proposalID: String) {
        kind = a.kind.rawValue; flag = a.flag; variant = a.variant
        weights = a.weights.map { LedgerWeight(variant: $0.variant, percent: $0.percent) }
        summary = Wording.summary(a)
        idempotencyKey = LedgerIntent.idempotencyKey(a, proposalID: proposalID)
    }

    public static func idempotencyKey(_ a: ActionIntent, proposalID: String) -> String {
        // Summary is prose and may be reworded; the digest covers what the action does.
        var canonical = "kind=\(a.kind.rawValue)\nflag=\(a.flag ?? "")\nvariant=\(a.variant ?? "")\n"
        for w in a.weights { canonical += "weight=\(w.variant):\(formatNumber(w.percent, digits: 6))\n" }
        let digest = SHA256.hex(canonical).prefix(16)
        return "\(proposalID)/\(a.flag ?? "-")/\(digest)"
    }
}

public struct LedgerOutcome: Codable, Sendable, Hashable {
    public var succeeded: Bool
    public var detail: String
    /// Copied from the intent, so outcomes can be matched without a join.
    public var idempotencyKey: String?
}

private func finite(_ v: Double) -> Double? { v.isFinite ? v : nil }
