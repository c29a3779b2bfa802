import VigilCore
import VigilWording

/// Decisions taken so far, then the whole timeline, newest first.
enum LedgerScreen {
    static func draw(_ model: DashboardModel, _ view: ViewState, on canvas: inout Canvas) {
        var lines: [StyledLine] = [DocumentScreen.heading("Decisions")]
        let decided = model.core.proposals.filter { $0.decidedBy != nil || !$0.isOpen }
            .filter { ProposalQueue.matches($0, view.filter) }
        if decided.isEmpty { lines.append(StyledLine("  none yet", Style(fg: .muted))) }
        for p in decided {
            let badge = ProposalBadge(p.status)
            var l = StyledLine()
            l.add(" \(p.decidedAt?.clock ?? "--:--:--")  ", Style(fg: .muted))
            l.add(TextLayout.pad(p.id, toWidth: 5), Style(bold: true))
            l.add(TextLayout.pad(badge.text, toWidth: ProposalBadge.width + 1), Style(fg: badge.role, bold: true))
            l.add("by \(p.decidedBy ?? "policy") · \(Wording.title(p))")
            // Whether it worked before what was done: the outcome is long and gets cut.
            if let verdict = Verification(p) { l.add(" · " + verdict.line, Style(fg: verdict.role, bold: true)) }
            if let o = p.outcome { l.add(" · outcome: \(o)", Style(fg: p.status == .failed ? .bad : .muted)) }
            lines.append(l)
        }
        lines.append(StyledLine())
        lines.append(DocumentScreen.heading("Timeline, newest first (\(model.core.timeline.count) entries)"))
        for e in TimelineFilter.matching(model.core, view.filter).reversed() {
            let text = Wording.timeline(e.fact)
            var l = StyledLine()
            l.add(" \(e.time.clock)  ", Style(fg: .muted))
            let mark = Format.timelineMark(e)
            l.add("\(mark.symbol) " + TextLayout.pad(mark.word, toWidth: 9), Style(fg: mark.role))
            l.add(text)
            lines.append(l)
        }
        DocumentScreen.draw(title: [("Ledger", Style(fg: .header, bold: true)),
                                    (" · decisions and timeline", Style())],
                            lines: lines, model: model, view: view,
                            hints: "↑/↓ scroll · / filter · Esc back · ? help", on: &canvas)
    }
}
