import VigilCore
import VigilWording

/// The timeline row and the input row at the bottom of most screens.
enum BottomBars {
    /// The latest timeline entries on one row, newest first, so the newest
    /// survives truncation.
    static func drawTimeline(_ core: CoreSnapshot, filter: String = "", on canvas: inout Canvas, y: Int) {
        var x = canvas.put(" latest ", x: 0, y: y, style: Style(fg: .header, bold: true))
        let entries = TimelineFilter.matching(core, filter)
        if entries.isEmpty {
            canvas.put(core.timeline.isEmpty ? "no deploys, alerts or decisions yet" : "none match \"\(filter)\"",
                       x: x, y: y, style: Style(fg: .muted))
            return
        }
        for (n, e) in entries.reversed().prefix(12).enumerated() where x < canvas.width {
            if n > 0 { x += canvas.put(" │ ", x: x, y: y, style: Style(fg: .border)) }
            let mark = Format.timelineMark(e)
            x += canvas.put("\(mark.symbol) \(e.time.clock) ", x: x, y: y, style: Style(fg: mark.role))
            x += canvas.putTruncating(Wording.timeline(e.fact), x: x, y: y, maxWidth: min(canvas.width - x, 60))
        }
    }

    /// The latest timeline entries, one per row under a title rule, newest first.
    static func drawTimelineBlock(_ core: CoreSnapshot, filter: String = "", on canvas: inout Canvas, y: Int,
                                  rows: Int) {
        let rule = Style(fg: .border)
        canvas.fill(x: 0, y: y, width: canvas.width, height: 1, with: Cell(text: "─", style: rule))
        var used = canvas.put("─ ", x: 0, y: y, style: rule)
        used += canvas.put("Timeline", x: used, y: y, style: Style(fg: .header, bold: true))
        let entries = TimelineFilter.matching(core, filter)
        if !filter.isEmpty {
            used += canvas.put(" · \(entries.count) of \(core.timeline.count) match ·", x: used, y: y,
                               style: Style(fg: .warn, bold: true))
        }
        canvas.put(" newest first · l for all ", x: used, y: y, style: Style(fg: .muted))
        if entries.isEmpty {
            canvas.put(core.timeline.isEmpty ? "  no deploys, alerts or decisions yet" : "  none match \"\(filter)\"",
                       x: 0, y: y + 1, style: Style(fg: .muted))
            return
        }
        for (i, e) in entries.reversed().prefix(rows - 1).enumerated() {
            var line = StyledLine()
            line.add("  \(e.time.clock)  ", Style(fg: .muted))
            let mark = Format.timelineMark(e)
            line.add("\(mark.symbol) " + TextLayout.pad(mark.word, toWidth: 9), Style(fg: mark.role))
            line.add(Wording.timeline(e.fact))
            line.draw(on: &canvas, x: 0, y: y + 1 + i, width: canvas.width)
        }
    }

    /// The row above the input row while a message is live (see
    /// `MessageLog`): it covers that row for a few seconds rather than the
    /// key hints for good, and says where to read it again.
    static func drawMessage(_ view: ViewState, on canvas: inout Canvas, y: Int) {
        guard let m = view.messages.shown(at: view.now) else { return }
        let style = Style(fg: m.kind == .answer ? .warn : .accent, bg: .bar, bold: true)
        canvas.fill(x: 0, y: y, width: canvas.width, height: 1, with: Cell(text: " ", style: style))
        let tail = " m messages "
        let tailWidth = DisplayWidth.of(tail)
        canvas.putTruncating(" " + m.text, x: 0, y: y, style: style, maxWidth: canvas.width - tailWidth - 1)
        canvas.put(tail, x: canvas.width - tailWidth, y: y, style: Style(fg: .muted, bg: .bar))
    }

    /// The input row: what is being typed, else the main keys (messages
    /// have their own row, `drawMessage`).
    static func drawInput(_ model: DashboardModel, _ view: ViewState, hints: String,
                          on canvas: inout Canvas, y: Int) {
        switch view.inputMode {
        case .filter:
            let x = canvas.put("/" + view.filter, x: 0, y: y, style: Style(fg: .accent, bold: true))
            canvas.put("█", x: x, y: y, style: Style(fg: .accent))
            let count = view.filter.isEmpty ? "" : FilterCount(model, filter: view.filter).text + " · "
            canvas.put("  " + count + "Enter keep · Esc clear", x: x + 1, y: y, style: Style(fg: .muted))
            return
        case .command:
            let x = canvas.put(":" + view.commandLine, x: 0, y: y, style: Style(fg: .accent, bold: true))
            canvas.put("█", x: x, y: y, style: Style(fg: .accent))
            if let c = view.completion {
                // The candidates Tab steps through, the shown one marked.
                var line = StyledLine("  ", Style(fg: .muted))
                for (i, word) in c.candidates.enumerated() {
                    if i > 0 { line.add(" · ", Style(fg: .muted)) }
                    line.add(word, i == c.index ? Style(fg: .accent, bold: true, reverse: true) : Style(fg: .muted))
                }
                line.draw(on: &canvas, x: x + 1, y: y, width: canvas.width - x - 1)
            } else {
                canvas.put("  Tab completes · " + CommandLine.usage, x: x + 1, y: y, style: Style(fg: .muted))
            }
            return
        case .normal:
            break
        }
        var right = ""
        if !view.filter.isEmpty {
            // The longest form that fits in half the row.
            let c = FilterCount(model, filter: view.filter)
            let name = "filter \"\(view.filter)\""
            let forms = [name + " · " + c.text + " · Esc clears ",
                         name + " · " + c.text + " ",
                         name + " · \(c.signals.shown)/\(c.signals.of) signals · \(c.proposals.shown)/\(c.proposals.of) proposals ",
                         name + " \(c.signals.shown)/\(c.signals.of) sig · \(c.proposals.shown)/\(c.proposals.of) prop "]
            right = forms.first { DisplayWidth.of($0) <= canvas.width / 2 } ?? forms[forms.count - 1]
        }
        let rightWidth = min(DisplayWidth.of(right), canvas.width / 2)
        let room = canvas.width - rightWidth - (rightWidth > 0 ? 1 : 0)
        canvas.putTruncating(" " + hints, x: 0, y: y, style: Style(fg: .muted), maxWidth: room)
        if rightWidth > 0 {
            canvas.putTruncating(right, x: canvas.width - rightWidth, y: y, style: Style(fg: .accent),
                                 maxWidth: rightWidth)
        }
    }
}
