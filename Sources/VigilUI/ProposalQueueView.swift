import VigilCore
import VigilWording

/// The queue of proposals waiting for a person, the keys that decide them,
/// and the evidence behind the selected one.
struct ProposalQueueView {
    var queue: [Proposal]
    var selected: Int?
    var now: EventTime?
    var readOnly: Bool
    var focused: Bool
    /// The filter in force, and how many proposals it hides: a filter must
    /// never make an open proposal look like no proposal.
    var filter: String = ""
    var hidden: Int = 0
    /// What each escalated proposal's escalation did (see `EscalationText`), by id.
    var escalations: [String: String] = [:]
    /// Why "nothing needs a decision" cannot be said (a source ✗, no data yet).
    var trouble: String? = nil

    /// Rows wanted: title, one per proposal (at most 8), the preview.
    func demand(width: Int) -> Int { 1 + min(8, max(1, queue.count)) + preview(width: width).count }

    /// Rows it needs to be useful: title, two proposals, and one preview
    /// line when the selected proposal has something to preview.
    func minimum(width: Int) -> Int { 1 + min(2, max(1, queue.count)) + min(1, preview(width: width).count) }

    func draw(on canvas: inout Canvas, x: Int, y: Int, width: Int, height: Int) {
        guard height > 0 else { return }
        drawTitle(on: &canvas, x: x, y: y, width: width)
        guard height > 1 else { return }
        if queue.isEmpty {
            let text = hidden > 0
                ? "  no proposals match \"\(filter)\" (\(hidden) hidden by the filter: Esc clears it)"
                : trouble.map { "  no proposals, but \($0)" } ?? "  no proposals: nothing needs a decision"
            canvas.put(text, x: x, y: y + 1, style: Style(fg: hidden > 0 || trouble != nil ? .warn : .muted),
                       maxWidth: width)
            return
        }
        let available = height - 1
        let preview = preview(width: width)
        var listRows = min(min(8, queue.count), available)
        // A row for the preview, taken from the list only when there is one.
        if available - listRows < 1 && available >= 2 && !preview.isEmpty { listRows = available - 1 }
        // Scroll so the selection is always visible.
        let sel = selected ?? 0
        let first = min(max(0, sel - listRows + 1), max(0, queue.count - listRows))
        for (row, i) in (first..<min(queue.count, first + listRows)).enumerated() {
            drawRow(queue[i], selected: i == selected, on: &canvas, x: x, y: y + 1 + row, width: width)
            canvas.mark(x: x, y: y + 1 + row, width: width, .proposal(queue[i].id))
        }
        for (i, line) in preview.prefix(available - listRows).enumerated() {
            line.draw(on: &canvas, x: x, y: y + 1 + listRows + i, width: width)
        }
    }

    /// What a person needs before pressing y, most important first: an
    /// automatic execution deadline, the evidence, why this action ranks
    /// first, escalation, notes, and the next best response.
    func preview(width: Int) -> [StyledLine] {
        guard let s = selected, s < queue.count else { return [] }
        let p = queue[s]
        let textWidth = max(10, width - 12)
        var out: [StyledLine] = []
        func add(_ label: String, _ text: String, _ style: Style = .plain, wrap: Int = 1) {
            var lines = TextLayout.wrap(text, width: textWidth)
            if lines.count > wrap {
                lines = Array(lines.prefix(wrap))
                lines[wrap - 1] = TextLayout.truncate(lines[wrap - 1] + " …", toWidth: textWidth)
            }
            for (i, line) in lines.enumerated() {
                var l = StyledLine()
                l.add("  " + TextLayout.pad(i == 0 ? label : "", toWidth: 9) + " ", Style(fg: .muted))
                l.add(line, style)
                out.append(l)
            }
        }
        // After execution the first question is whether it worked.
        if let verdict = Verification(p) {
            add("result", verdict.line, Style(fg: verdict.role, bold: true), wrap: 2)
            if let o = p.outcome { add("outcome", o, Style(fg: p.status == .failed ? .bad : .ok)) }
        }
        if let until = p.snoozedUntil, p.status == .snoozed {
            add("SNOOZED", DecisionText.snooze(p, until: until, now: now), Style(fg: .warn, bold: true), wrap: 2)
        }
        if let previous = p.followUpOf { add("follow-up", "\(previous)'s action did not work; this is the next step", Style(fg: .warn)) }
        if p.status == .failed { add("FAILED", DecisionText.afterFailure(p), Style(fg: .bad, bold: true), wrap: 2) }
        if p.isOpen, let auto = p.autoExecuteAt {
            add("AUTO", "executes by itself at \(auto.clock) (\(countdown(to: auto))) unless rejected",
                Style(fg: .warn, bold: true))
        }
        if let e = p.evidence.first { add("evidence", EvidenceText.summary(e), wrap: 2) }
        if let why = p.rationale { add("why", Wording.reason(why)) }
        if let done = escalations[p.id] {
            add("escalated", done, Style(fg: .bad, bold: true), wrap: 2)
        } else if p.isOpen, let esc = p.escalatesAt {
            add("escalates", "at \(esc.clock) (\(countdown(to: esc)))", Style(fg: .warn))
        }
        for e in p.evidence.dropFirst().prefix(3) { add("also", EvidenceText.summary(e)) }
        if p.evidence.count > 4 { add("", "+\(p.evidence.count - 4) more evidence: Enter for details", Style(fg: .muted)) }
        for n in p.notes { add("note", Wording.note(n), Style(fg: .warn)) }
        if let alt = p.alternatives.first { add("next best", "\(Wording.summary(alt.action)): \(Wording.reason(alt.reason))", Style(fg: .muted)) }
        if Verification(p) == nil, let o = p.outcome { add("outcome", o, Style(fg: p.status == .failed ? .bad : .ok)) }
        return out
    }

    private func countdown(to t: EventTime) -> String {
        guard let now else { return "—" }
        return t > now ? "in \(Format.age(t.since(now)))" : "due"
    }

    private func drawTitle(on canvas: inout Canvas, x: Int, y: Int, width: Int) {
        let rule = Style(fg: .border)
        canvas.fill(x: x, y: y, width: width, height: 1, with: Cell(text: "─", style: rule))
        var used = canvas.put("─ ", x: x, y: y, style: rule)
        used += canvas.put("Proposals", x: x + used, y: y, style: Style(fg: .header, bold: true))
        let open = queue.filter(\.isOpen).count
        let count = open > 0 ? " · \(open) open " : " · none open "
        used += canvas.put(count, x: x + used, y: y, style: Style(fg: open > 0 ? .warn : .muted, bold: open > 0))
        if hidden > 0 {
            used += canvas.put("· \(hidden) hidden by filter ", x: x + used, y: y, style: Style(fg: .warn, bold: true))
        }
        let hint = readOnly ? " READ-ONLY: y/n/s disabled · Enter details "
                            : " y confirm · n reject · s snooze · Enter details "
        let hw = DisplayWidth.of(hint)
        if used + hw + 1 <= width {
            canvas.put(hint, x: x + width - hw - 1, y: y, style: Style(fg: readOnly ? .warn : .accent))
        }
    }

    private func drawRow(_ p: Proposal, selected: Bool, on canvas: inout Canvas, x: Int, y: Int, width: Int) {
        let base = selected ? Style(bg: .selected, bold: focused) : Style.plain
        if selected {
            canvas.fill(x: x, y: y, width: width, height: 1, with: Cell(text: " ", style: base))
            canvas.put("▶", x: x, y: y, style: base.foreground(.accent))
        }
        let badge = ProposalBadge(p.status)
        let mode = Format.failureMode(p.failureMode)
        let age = Format.age(of: p.createdAt, now: now)
        let idW = 5, modeW = min(22, max(10, width / 5)), ageW = 4
        var cx = x + 2
        cx += canvas.put(TextLayout.pad(p.id, toWidth: idW), x: cx, y: y, style: base.emphasized) + 1
        cx += canvas.put(TextLayout.pad(badge.text, toWidth: ProposalBadge.width), x: cx, y: y,
                         style: base.foreground(badge.role).emphasized) + 1
        let titleW = x + width - cx - modeW - ageW - 3
        if titleW > 0 {
            canvas.putTruncating(Wording.title(p), x: cx, y: y, style: base, maxWidth: titleW)
            cx += titleW + 1
        }
        // Once the action has run, whether it worked replaces the failure
        // mode (still on the detail screen).
        if let verdict = Verification(p) {
            cx += canvas.put(TextLayout.pad(verdict.badge, toWidth: modeW), x: cx, y: y,
                             style: base.foreground(verdict.role).emphasized, maxWidth: modeW) + 1
        } else {
            cx += canvas.put(TextLayout.pad(mode, toWidth: modeW), x: cx, y: y, style: base.foreground(.muted)) + 1
        }
        canvas.put(TextLayout.pad(age, toWidth: ageW, alignRight: true), x: cx, y: y, style: base.foreground(.muted),
                   maxWidth: x + width - cx)
    }
}

/// Evidence as a person reads it, with every number the judgment used.
enum EvidenceText {
    /// `quality_score 0.61 vs baseline 0.82 · Δ=-0.21 z=6.1 · n=40/40 · since 10:03:12 · deploy …`
    static func summary(_ e: Evidence) -> String {
        var parts: [String] = []
        var head = "\(e.signal) \(Format.number(e.value))"
        if let b = e.baseline { head += " vs baseline \(Format.number(b))" }
        if let t = e.threshold { head += " (threshold \(Format.number(t)))" }
        parts.append(head)
        parts.append(Wording.statistic(e.statistic))
        parts.append(e.baselineSamples > 0 ? "n=\(e.samples)/\(e.baselineSamples)" : "n=\(e.samples)")
        parts.append("since \(e.since.clock)")
        if let d = e.deploy { parts.append("deploy \(Wording.deploy(d))") }
        return parts.joined(separator: " · ")
    }
}
