import Foundation
import VigilCore
import VigilSystem
import VigilWording

/// Collects what a post-mortem needs while a session runs (a replay, or a
/// live watch), and writes it as a Markdown timeline: onset, each signal's
/// first alert, each proposal with its evidence, each decision with its
/// operator, each action's outcome and verification, and the time to detect
/// and to mitigate.
///
/// Mitigated means an action was done *and its verification said it
/// worked*: an action that ran but did not help is not a mitigation, and one
/// not yet verified is said to be so.
public final class PostMortem: @unchecked Sendable {
    private let lock = Lock()
    private var firstAlerts: [(signal: String, scope: Scope, at: EventTime, detail: Statistic)] = []
    private var escalations: [(id: String, at: EventTime)] = []

    public init() {}

    /// Feed every core output (call from an engine subscriber or the headless loop).
    public func observe(_ outputs: [CoreOutput]) {
        lock.withLock {
            for o in outputs {
                switch o {
                case .alert(let signal, _, let scope, let at, let detail):
                    if !firstAlerts.contains(where: { $0.signal == signal }) {
                        firstAlerts.append((signal, scope, at, detail))
                    }
                case .escalation(let page) where page.event == .trigger && page.step == 1:
                    escalations.append((page.proposalID, page.at))
                default: break
                }
            }
        }
    }

    /// The Markdown document for the final state of a session; `incident`
    /// names it (the incident, or the watched policy).
    public func markdown(incident: String, onset: EventTime?, snapshot: CoreSnapshot) -> String {
        let (alerts, escalated) = lock.withLock { (firstAlerts, escalations) }
        let firstProposal = snapshot.proposals.first
        let start = onset ?? snapshot.timeline.first { $0.kind == .deploy }?.time ?? alerts.first?.at
        var md = "# Post-mortem timeline: \(text(incident))\n\n"
        md += "| | event time |\n| --- | --- |\n"
        md += "| onset | \(onset.map(\.iso8601) ?? "not given (no expect.yaml)") |\n"
        if let a = alerts.first { md += "| first alert | \(a.at.iso8601) (\(text(a.signal))) |\n" }
        if let p = firstProposal { md += "| first proposal | \(p.createdAt.iso8601) (\(text(p.id))) |\n" }
        let executed = snapshot.proposals.filter { $0.status == .executed }
        let firstAction = executed.compactMap(\.outcomeAt).min()
        let mitigated = executed.filter { $0.verification?.worked == true }.compactMap(\.outcomeAt).min()
        if let a = firstAction { md += "| first action done | \(a.iso8601) |\n" }
        if let m = mitigated { md += "| mitigated | \(m.iso8601) (the action verified as working) |\n" }
        if let s = start {
            let detect = (alerts.first?.at).map { $0.since(s).description } ?? "not detected"
            md += "| time to detect | \(detect) |\n"
            let notMitigated = executed.contains { $0.verification == nil } ? "not mitigated (an action is not verified yet)"
                : executed.isEmpty ? "not mitigated" : "not mitigated (no action verified as working)"
            md += "| time to mitigate | \(mitigated.map { $0.since(s).description } ?? notMitigated) |\n"
        }
        md += "\n## First alert of each signal\n\n"
        if alerts.isEmpty { md += "None.\n" }
        for a in alerts { md += "- **\(a.at.clock)** \(code(a.signal)) (\(text(Wording.scope(a.scope)))): \(text(Wording.statistic(a.detail)))\n" }
        md += "\n## Proposals, decisions and outcomes\n"
        if snapshot.proposals.isEmpty { md += "\nNone.\n" }
        for p in snapshot.proposals {
            md += "\n### \(p.id) at \(p.createdAt.clock): \(text(Wording.title(p)))\n\n"
            md += "- failure mode: \(p.failureMode.rawValue); blast radius: \(formatNumber(p.blastRadius.trafficPercent))% of traffic"
            if let rpm = p.blastRadius.requestsPerMinute { md += ", \(formatNumber(rpm, digits: 0)) req/min" }
            md += "\n"
            for e in p.evidence {
                md += "- evidence: \(code(e.signal)) value \(formatNumber(e.value))"
                if let b = e.baseline { md += " vs baseline \(formatNumber(b))" }
                if let t = e.threshold { md += ", threshold \(formatNumber(t))" }
                md += "; \(text(Wording.statistic(e.statistic))); n=\(e.samples)/\(e.baselineSamples); since \(e.since.clock)"
                if let c = e.changePoint { md += "; \(text(Wording.changePoint(c)))" }
                if !e.changes.isEmpty { md += "; \(text(Wording.blame(e)))" }
                md += "\n"
            }
            for a in p.alternatives { md += "- ranked lower: \(text(Wording.summary(a.action))): \(text(Wording.reason(a.reason)))\n" }
            for n in p.notes { md += "- note: \(text(Wording.note(n)))\n" }
            if let esc = escalated.first(where: { $0.id == p.id }) { md += "- escalated at \(esc.at.clock)\n" }
            if let by = p.decidedBy, let at = p.decidedAt {
                md += "- decision: **\(p.status == .rejected ? "rejected" : (p.status == .snoozed ? "snoozed" : "confirmed"))** by \(text(by)) at \(at.clock)\n"
            } else {
                md += "- decision: none (\(p.status.rawValue))\n"
            }
            if let o = p.outcome { md += "- outcome at \(p.outcomeAt?.clock ?? "?"): \(text(o))\n" }
            if let v = p.verification { md += "- afterwards: \(text(Wording.verification(v)))\n" }
        }
        return md
    }

    private func text(_ s: String) -> String { MarkdownText.inline(s) }
    private func code(_ s: String) -> String { MarkdownText.code(s) }
}
