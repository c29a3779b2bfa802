import VigilCore
import VigilWording

/// Everything behind one proposal, so a person can check the judgment before
/// acting: failure mode, blast radius, evidence with every number, ranked
/// alternatives with reasons, and what has been decided and done.
enum ProposalDetailScreen {
    static func draw(_ id: String, _ model: DashboardModel, _ view: ViewState, on canvas: inout Canvas) {
        let keys = model.status.readOnly ? "READ-ONLY · Esc back · ? help" : "y confirm · n reject · s snooze · Esc back · ? help"
        guard let p = model.core.proposals.first(where: { $0.id == id }) else {
            DocumentScreen.draw(title: [("Proposal \(id)", Style(bold: true))],
                                lines: [StyledLine("\(id) is not in the current snapshot.", Style(fg: .warn))],
                                model: model, view: view, hints: "Esc back", on: &canvas)
            return
        }
        let badge = ProposalBadge(p.status)
        let title: [(String, Style)] = [("\(p.id) ", Style(fg: .header, bold: true)),
                                        (badge.text + " ", Style(fg: badge.role, bold: true)),
                                        (Wording.title(p), Style(bold: true))]
        DocumentScreen.draw(title: title, lines: lines(p, model: model, width: canvas.width - 2),
                            model: model, view: view, hints: keys, on: &canvas)
    }

    static func lines(_ p: Proposal, model: DashboardModel, width: Int) -> [StyledLine] {
        let now = model.core.eventTime
        var out: [StyledLine] = []
        out.append(DocumentScreen.field("Action", "\(Wording.kind(p.action.kind)): \(Wording.summary(p.action))", Style(bold: true)))
        if let change = flagChange(p.action) { out.append(DocumentScreen.field("", change, Style(fg: .accent))) }
        if let why = p.rationale {
            let lines = TextLayout.wrap(Wording.reason(why), width: max(10, width - 14))
            for (i, line) in lines.enumerated() { out.append(DocumentScreen.field(i == 0 ? "Why first" : "", line)) }
        }
        if p.isOpen, let auto = p.autoExecuteAt {
            out.append(DocumentScreen.field("AUTO", "executes by itself at \(auto.iso8601) (\(countdown(to: auto, now: now))) unless rejected",
                                            Style(fg: .warn, bold: true)))
        }
        if p.isOpen, let esc = p.escalatesAt {
            out.append(DocumentScreen.field("Escalates", "\(esc.iso8601) (\(countdown(to: esc, now: now))) if unanswered",
                                            Style(fg: .warn)))
        }
        out.append(DocumentScreen.field("Failure mode", Format.failureMode(p.failureMode)))
        out.append(DocumentScreen.field("Deployment", "\(p.group) · signal \(p.signal)"))
        let radius = "\(formatNumber(p.blastRadius.trafficPercent, digits: 1))% of traffic · deployments: "
            + (p.blastRadius.deployments.isEmpty ? "—" : p.blastRadius.deployments.joined(separator: ", "))
        out.append(DocumentScreen.field("Blast radius", radius))
        out.append(DocumentScreen.field("Proposed", "\(p.createdAt.iso8601) (\(Format.age(of: p.createdAt, now: now)) ago)"))
        let badge = ProposalBadge(p.status)
        out.append(DocumentScreen.field("Status", badge.text, Style(fg: badge.role, bold: true)))
        let decided = p.decidedBy.map { who in "\(who) at \(p.decidedAt?.iso8601 ?? "—")" } ?? "—"
        out.append(DocumentScreen.field("Decided by", decided))
        out.append(DocumentScreen.field("Outcome", p.outcome ?? "—",
                                        Style(fg: p.status == .failed ? .bad : .normal)))
        if let verdict = Verification(p) {
            let lines = TextLayout.wrap(verdict.line, width: max(10, width - 14))
            for (i, line) in lines.enumerated() {
                out.append(DocumentScreen.field(i == 0 ? "Worked?" : "", line, Style(fg: verdict.role, bold: true)))
            }
        }
        for (i, note) in p.notes.enumerated() {
            let lines = TextLayout.wrap(Wording.note(note), width: max(10, width - 14))
            for (j, line) in lines.enumerated() {
                out.append(DocumentScreen.field(i == 0 && j == 0 ? "Notes" : "", (j == 0 ? "• " : "  ") + line,
                                                Style(fg: .warn)))
            }
        }
        out.append(StyledLine())

        out.append(DocumentScreen.heading("Evidence (\(p.evidence.count))"))
        for (i, e) in p.evidence.enumerated() {
            out.append(StyledLine(" \(i + 1). \(e.signal)  metric \(e.metric) · group \(e.group)", Style(bold: true)))
            let numbers = "value \(Format.number(e.value)) · baseline \(Format.number(e.baseline))"
                + " · threshold \(Format.number(e.threshold)) · statistic \(Wording.statistic(e.statistic))"
            out += DocumentScreen.wrapped(numbers, width: width, indent: 4)
            let samples = e.baselineSamples > 0 ? "samples \(e.samples) canary / \(e.baselineSamples) baseline"
                                                : "samples \(e.samples)"
            out += DocumentScreen.wrapped("\(samples) · since \(e.since.iso8601) · judged \(e.at.iso8601)",
                                          width: width, indent: 4)
            out += DocumentScreen.wrapped("deploy \(e.deploy.map(Wording.deploy) ?? "none within the recent-change window")",
                                          width: width, indent: 4, Style(fg: .muted))
        }
        out.append(StyledLine())

        out.append(DocumentScreen.heading("Responses, ranked"))
        var first = StyledLine()
        first.add(" 1. ▶ ", Style(fg: .accent, bold: true))
        first.add("\(Wording.kind(p.action.kind)): \(Wording.summary(p.action))", Style(bold: true))
        first.add("  (proposed)", Style(fg: .muted))
        out.append(first)
        for (i, alt) in p.alternatives.enumerated() {
            out.append(StyledLine(" \(i + 2). \(Wording.kind(alt.action.kind)): \(Wording.summary(alt.action))"))
            out += DocumentScreen.wrapped("why lower: " + Wording.reason(alt.reason), width: width, indent: 6, Style(fg: .muted))
        }
        return out
    }

    static func countdown(to t: EventTime, now: EventTime?) -> String {
        guard let now else { return "—" }
        return t > now ? "in \(Format.age(t.since(now)))" : "due now"
    }

    /// `support-agent.model → v1 100% / v2 0%` for actions that change a flag.
    static func flagChange(_ a: ActionIntent) -> String? {
        guard let flag = a.flag else { return nil }
        if !a.weights.isEmpty {
            return "flag \(flag) → " + a.weights.map { "\($0.variant) \(formatNumber($0.percent, digits: 1))%" }
                .joined(separator: " / ")
        }
        if let v = a.variant { return "flag \(flag) → \(v) 100%" }
        return "flag \(flag)"
    }
}
