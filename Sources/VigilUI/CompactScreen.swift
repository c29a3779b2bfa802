import VigilCore
import VigilWording

/// The overview for terminals smaller than 80×24: the header, the
/// selected proposal and its keys, then every signal, worst first.
enum CompactScreen {
    static let hints = "? help · Enter details · q quit"

    static func draw(_ model: DashboardModel, _ view: ViewState, on canvas: inout Canvas) {
        let w = canvas.width, h = canvas.height
        // Row 0 is the Header.
        let queue = ProposalQueue.ordered(model, filter: view.filter)
        var y = 1
        if let i = view.selectedProposal(in: model) {
            let p = queue[i]
            let badge = ProposalBadge(p.status)
            let style = Style(bg: .selected, bold: true)
            canvas.fill(x: 0, y: y, width: w, height: 1, with: Cell(text: " ", style: style))
            var x = canvas.put("▶ \(p.id) ", x: 0, y: y, style: style)
            x += canvas.put(badge.text + " ", x: x, y: y, style: style.foreground(badge.role))
            canvas.putTruncating(Wording.title(p), x: x, y: y, style: style, maxWidth: w - x)
            canvas.mark(x: 0, y: y, width: w, .proposal(p.id))
            y += 1
            let open = queue.filter(\.isOpen).count
            let position = "  \(i + 1)/\(queue.count) (\(open) open) · "
            if let verdict = Verification(p) {
                let x = canvas.put(position, x: 0, y: y, style: Style(fg: .muted))
                canvas.putTruncating(verdict.line, x: x, y: y, style: Style(fg: verdict.role, bold: true), maxWidth: w - x)
            } else {
                let keys = model.status.readOnly ? "READ-ONLY · Enter details" : "y confirm · n reject · s snooze · Enter"
                canvas.putTruncating(position + keys, x: 0, y: y,
                                     style: Style(fg: model.status.readOnly ? .warn : .accent), maxWidth: w)
            }
        } else {
            let hidden = model.core.proposals.count - queue.count
            canvas.putTruncating(hidden > 0 ? "no proposals match the filter (\(hidden) hidden)" : "no proposals",
                                 x: 0, y: y, style: Style(fg: hidden > 0 ? .warn : .muted), maxWidth: w)
        }
        y += 1

        let signals = SignalList.ordered(model, filter: view.filter).enumerated().sorted {
            (StatusBadge($0.element).severity, $0.offset) < (StatusBadge($1.element).severity, $1.offset)
        }.map(\.element)
        let selected = view.focus == .signals ? view.selectedSignalID(in: model) : nil
        let valueW = 7, ageW = 4
        let nameW = max(4, w - StatusBadge.width - valueW - ageW - 4)
        let rows = h - 1 - y
        let shownCount = signals.count > rows ? max(0, rows - 1) : rows
        for (n, s) in signals.prefix(shownCount).enumerated() {
            let row = y + n
            let isSelected = selected.map { $0.matches(s) } ?? false
            let base = isSelected ? Style(bg: .selected, bold: true) : Style.plain
            if isSelected { canvas.fill(x: 0, y: row, width: w, height: 1, with: Cell(text: " ", style: base)) }
            let badge = StatusBadge(s)
            canvas.mark(x: 0, y: row, width: w, .signal(SignalID(s)))
            canvas.put(badge.text, x: 1, y: row, style: base.foreground(badge.role).emphasized)
            let name = s.signal + (Wording.scopeTag(s.scope).map { " [\($0)]" } ?? "")
            canvas.putTruncating(name, x: 1 + StatusBadge.width + 1, y: row, style: base, maxWidth: nameW)
            canvas.put(TextLayout.pad(Format.number(s.value, width: valueW), toWidth: valueW, alignRight: true),
                       x: w - valueW - ageW - 1, y: row, style: base)
            canvas.put(TextLayout.pad(Format.age(of: s.lastSeen, now: model.core.eventTime), toWidth: ageW,
                                      alignRight: true), x: w - ageW, y: row, style: base.foreground(.muted))
        }
        if signals.count > rows && rows > 0 {
            canvas.put(" … \(signals.count - shownCount) more: make the terminal larger or / to filter", x: 0,
                       y: y + shownCount, style: Style(fg: .muted))
        }
        BottomBars.drawInput(model, view, hints: FleetScreen.within(view) + hints, on: &canvas, y: h - 1)
    }
}
