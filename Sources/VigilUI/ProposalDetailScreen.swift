import VigilCore
import VigilWording

/// Everything behind one proposal, so a person can check the judgment before
/// acting: failure mode, blast radius, evidence with every number, ranked
/// alternatives with reasons, and what has been decided and done.
enum ProposalDetailScreen {
    static func draw(_ id: String, _ model: DashboardModel, _ view: ViewState, on canvas: inout Canvas) {
        let keys = model.status.readOnly ? "READ-ONLY · Esc back · ? help"
            : "y confirm · 1–9 pick a response · n reject · s snooze · Esc back · ? help"
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
        DocumentScreen.draw(title: title, lines: lines(p, model: model, picked: view.pickedResponse, width: canvas.width - 2),
                            model: model, view: view, hints: keys, on: &canvas)
    }

    static func lines(_ p: Proposal, model: DashboardModel, picked: Int? = nil, width: Int) -> [StyledLine] {
        let now = model.core.eventTime
        var out: [StyledLine] = []
        if let until = p.snoozedUntil, p.status == .snoozed {
            out += DocumentScreen.field("SNOOZED", DecisionText.snooze(p, until: until, now: now),
                                        Style(fg: .warn, bold: true), width: width)
        }
        if p.status == .failed {
            out += DocumentScreen.field("FAILED", DecisionText.afterFailure(p, onDetails: true), Style(fg: .bad, bold: true), width: width)
        }
        if let previous = p.followUpOf {
            out += DocumentScreen.field("Follow-up", "\(previous)'s action did not work; this is the next step",
                                        Style(fg: .warn), width: width)
        }
        if let n = p.chosenResponse {
            out += DocumentScreen.field("Chosen", "response \(n) of the ranking, not the proposed one", width: width)
        }
        out += DocumentScreen.field("Action", "\(Wording.kind(p.action.kind)): \(Wording.summary(p.action))", Style(bold: true), width: width)
        if let change = flagChange(p.action) { out += DocumentScreen.field("", change, Style(fg: .accent), width: width) }
        if let why = p.rationale {
            out += DocumentScreen.field("Why first", Wording.reason(why), width: width)
        }
        if p.isOpen, let auto = p.autoExecuteAt {
            out += DocumentScreen.field("AUTO", "executes by itself at \(auto.iso8601) (\(countdown(to: auto, now: now))) unless rejected",
                                        Style(fg: .warn, bold: true), width: width)
        }
        if let when = EscalationText.when(p, core: model.core) {
            out += DocumentScreen.field("Escalated", when + " · " + EscalationText.whom(model.status),
                                        Style(fg: .bad, bold: true), width: width)
        } else if p.isOpen, let esc = p.escalatesAt {
            out += DocumentScreen.field("Escalates", "\(esc.iso8601) (\(countdown(to: esc, now: now))) if unanswered",
                                        Style(fg: .warn), width: width)
        }
        out += DocumentScreen.field("Failure mode", Format.failureMode(p.failureMode), width: width)
        out += DocumentScreen.field("Deployment", "\(p.group) · signal \(p.signal)", width: width)
        let rpm = p.blastRadius.requestsPerMinute.map { " · \(formatNumber($0, digits: 0)) requests/min" } ?? ""
        let radius = "\(formatNumber(p.blastRadius.trafficPercent, digits: 1))% of traffic\(rpm) · deployments: "
            + (p.blastRadius.deployments.isEmpty ? "—" : p.blastRadius.deployments.joined(separator: ", "))
        out += DocumentScreen.field("Blast radius", radius, width: width)
        out += DocumentScreen.field("Proposed", "\(p.createdAt.iso8601) (\(Format.age(of: p.createdAt, now: now)) ago)", width: width)
        let badge = ProposalBadge(p.status)
        out += DocumentScreen.field("Status", badge.text, Style(fg: badge.role, bold: true), width: width)
        let decided = p.decidedBy.map { who in "\(who) at \(p.decidedAt?.iso8601 ?? "—")" } ?? "—"
        out += DocumentScreen.field("Decided by", decided, width: width)
        out += DocumentScreen.field("Outcome", p.outcome ?? "—",
                                    Style(fg: p.status == .failed ? .bad : .normal), width: width)
        if let verdict = Verification(p) {
            out += DocumentScreen.field("Worked?", verdict.line, Style(fg: verdict.role, bold: true), width: width)
        }
        for (i, note) in p.notes.enumerated() {
            let lines = TextLayout.wrap(Wording.note(note), width: max(10, width - 16))
            for (j, line) in lines.enumerated() {
                out += DocumentScreen.field(i == 0 && j == 0 ? "Notes" : "", (j == 0 ? "• " : "  ") + line,
                                        Style(fg: .warn), width: width)
            }
        }
        out.append(StyledLine())

        out.append(DocumentScreen.heading("Evidence (\(p.evidence.count))"))
        for (i, e) in p.evidence.enumerated() {
            out += DocumentScreen.wrapped("\(i + 1). \(e.signal)  metric \(e.metric) · group \(e.group)", width: width,
                                          indent: 1, Style(bold: true))
            let numbers = "value \(Format.number(e.value)) · baseline \(Format.number(e.baseline))"
                + " · threshold \(Format.number(e.threshold)) · statistic \(Wording.statistic(e.statistic))"
            out += DocumentScreen.wrapped(numbers, width: width, indent: 4)
            let samples = e.baselineSamples > 0 ? "samples \(e.samples) canary / \(e.baselineSamples) baseline"
                                                : "samples \(e.samples)"
            out += DocumentScreen.wrapped("\(samples) · since \(e.since.iso8601) · judged \(e.at.iso8601)",
                                          width: width, indent: 4)
            if let c = e.changePoint {
                out += DocumentScreen.wrapped(Wording.changePoint(c), width: width, indent: 4, Style(fg: .muted))
            }
            out += DocumentScreen.wrapped(Wording.blame(e), width: width, indent: 4, Style(fg: .muted))
        }
        out.append(StyledLine())

        out.append(DocumentScreen.heading("Responses, ranked" + (p.isOpen || p.status == .failed ? " (1–9 picks one, y confirms it)" : "")))
        let pick = picked ?? 1
        var first = StyledLine()
        first.add(pick == 1 ? " 1. ▶ " : " 1.   ", Style(fg: .accent, bold: true))
        first.add("\(Wording.kind(p.action.kind)): \(Wording.summary(p.action))", Style(bold: pick == 1))
        first.add(p.chosenResponse == nil ? "  (proposed)" : "  (chosen)", Style(fg: .muted))
        out.append(first)
        if let c = p.cost { out += DocumentScreen.wrapped(Wording.cost(c), width: width, indent: 6, Style(fg: .muted)) }
        var number = 1
        for alt in p.alternatives {
            let text = "\(Wording.kind(alt.action.kind)): \(Wording.summary(alt.action))"
            if alt.action.isProposable {
                number += 1
                out += DocumentScreen.wrapped("\(number). " + (number == pick ? "▶ " : "  ") + text, width: width, indent: 1,
                                              number == pick ? Style(fg: .accent, bold: true) : .plain)
            } else {
                out += DocumentScreen.wrapped("–    " + text, width: width, indent: 1, Style(fg: .muted))
            }
            out += DocumentScreen.wrapped("why lower: " + Wording.reason(alt.reason), width: width, indent: 6, Style(fg: .muted))
            if let c = alt.cost { out += DocumentScreen.wrapped(Wording.cost(c), width: width, indent: 6, Style(fg: .muted)) }
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
