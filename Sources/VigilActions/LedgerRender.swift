import Foundation
import VigilCore
import VigilWording

/// Text and JSON views of ledger records for `vigil ledger show`.
extension DecisionLedger {
    /// One block per record, oldest first, then any unresolved intents, e.g.
    ///
    ///     L000001 10:01:00  P1 confirmed by ana: shift canary traffic of support-agent.model to 0%
    ///             evidence  quality (support-agent) 0.61 vs 0.82 Δ=-0.21 z=6.1 n=40/400
    ///             intent    traffic_shift support-agent.model v1 100% v2 0  [P1/support-agent.model/3f2a…]
    ///     L000002 10:01:01  P1 outcome of L000001: done — support-agent.model: v2 10% → 0% …
    ///
    /// Each line is sanitized on its own (`TextSanitizer.clean`), so a label
    /// can neither carry an escape code nor start a line that looks like a
    /// record of its own.
    public static func render(records: [LedgerRecord]) -> String {
        renderUnsanitized(records: records).split(separator: "\n", omittingEmptySubsequences: false)
            .map { TextSanitizer.clean(String($0)) }.joined(separator: "\n")
    }

    private static func renderUnsanitized(records: [LedgerRecord]) -> String {
        var out = ""
        for r in records {
            let when = clock(r.eventTime)
            switch r.kind {
            case .decision:
                out += "\(r.id) \(when)  \(r.proposalID) \(r.decision) by \(r.operatorName)"
                if let title = r.title { out += ": \(title)" }
                out += "\n"
                if let reason = r.reason { out += "        reason    \(reason)\n" }
                if let raisedBy = r.raisedBy { out += "        raised by \(raisedBy): the action before it did not work\n" }
                for e in r.evidence {
                    out += "        evidence  \(describe(e))\n"
                    if let b = e.blame { out += "        blame     \(e.changePoint.map { $0 + "; " } ?? "")\(b)\n" }
                }
                if let i = r.intent { out += "        intent    \(describe(i))  [\(i.idempotencyKey)]\n" }
            case .escalation:
                let e = r.escalation
                let via = e?.hook.map { " via \($0)" } ?? ""
                out += "\(r.id) \(when)  \(r.proposalID) \(r.decision) \(e.map { "\($0.step)" } ?? "?")\(via)"
                    + (e?.reason.map { " (\($0))" } ?? "") + "  [\(e?.dedupKey ?? "")]\n"
                if let raisedBy = r.raisedBy { out += "        raised by \(raisedBy): the action before it did not work\n" }
            case .verification:
                let v = r.verification
                let verdict = VerificationResult.Verdict(rawValue: r.decision).map(Wording.verdict) ?? r.decision
                out += "\(r.id) \(when)  \(r.proposalID) verified \(verdict): \(v?.finding ?? "")"
                    + (v?.outcomeRecordID.map { " (the action done in \($0))" } ?? "") + "  [\(v?.idempotencyKey ?? "")]\n"
            case .note:
                out += "\(r.id) \(when)  \(r.decision) by \(r.operatorName)" + (r.reason.map { ": \($0)" } ?? "") + "\n"
            case .outcome:
                let o = r.outcome
                out += "\(r.id) \(when)  \(r.proposalID) outcome of \(r.intentRecordID ?? "?"): "
                    + "\(o?.succeeded == true ? "done" : "FAILED") — \(o?.detail ?? "")\n"
            }
        }
        let resolved = Set(records.compactMap(\.intentRecordID))
        let open = records.filter { $0.isConfirmedIntent && !resolved.contains($0.id) }
        if !open.isEmpty {
            out += "\nUNRESOLVED (confirmed, no outcome recorded — Vigil may have stopped mid-action; "
                + "check by hand whether each took effect, Vigil will not re-run them):\n"
            for r in open { out += "  \(r.id) \(r.proposalID) \(r.intent.map(describe) ?? "")\n" }
        }
        return out.isEmpty ? "ledger is empty\n" : out
    }

    /// The records as one pretty-printed JSON array (sorted keys), for tools.
    public static func renderJSON(records: [LedgerRecord]) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? e.encode(records) else { return "[]\n" }
        return terminalSafeJSON(String(decoding: data, as: UTF8.self)) + "\n"
    }

    /// JSONEncoder escapes C0 controls but writes DEL and the C1 controls
    /// raw, and a C1 CSI reaching a terminal is an escape code. Outside
    /// strings JSON is ASCII, so escaping those scalars anywhere is exact.
    static func terminalSafeJSON(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { (0x7F...0x9F).contains($0.value) }) else { return json }
        var out = ""
        for u in json.unicodeScalars {
            if (0x7F...0x9F).contains(u.value) { out += "\\u00" + String(u.value, radix: 16) } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    private static func clock(_ rfc3339: String) -> String {
        // "2026-02-14T10:01:00.000Z" → "10:01:00"; anything else as is.
        guard let t = rfc3339.firstIndex(of: "T") else { return rfc3339 }
        return String(rfc3339[rfc3339.index(after: t)...].prefix(8))
    }

    private static func describe(_ e: LedgerEvidence) -> String {
        var s = "\(e.signal) (\(e.group)) \(e.value.map { formatNumber($0) } ?? "n/a")"
        if let b = e.baseline { s += " vs \(formatNumber(b))" }
        if let t = e.threshold { s += " threshold \(formatNumber(t))" }
        s += " \(e.statistic) n=\(e.samples)"
        if e.baselineSamples > 0 { s += "/\(e.baselineSamples)" }
        if let d = e.deploy { s += " after \(d)" }
        return s
    }

    private static func describe(_ i: LedgerIntent) -> String {
        var s = i.kind
        if let f = i.flag { s += " \(f)" }
        if !i.weights.isEmpty {
            s += " " + i.weights.map { "\($0.variant) \(formatNumber($0.percent))%" }.joined(separator: " ")
        } else if let v = i.variant {
            s += " → \(v)"
        }
        return s
    }
}
