import VigilCore

/// Health of every input source. Bad input is counted, never silent: each
/// kind of problem has its own column and the last error is spelled out.
enum SourcesScreen {
    static func draw(_ model: DashboardModel, _ view: ViewState, on canvas: inout Canvas) {
        var lines: [StyledLine] = [DocumentScreen.heading("Sources")]
        let sources = model.status.sources
        if sources.isEmpty { lines.append(StyledLine("  no sources yet", Style(fg: .muted))) }
        if model.core.groupsOverCap > 0 {
            var title = StyledLine()
            title.add("  ! ", Style(fg: .warn, bold: true))
            title.add("group cap reached", Style(bold: true))
            lines.append(title)
            lines.append(DocumentScreen.field("    not judged", "\(model.core.groupsOverCap) groups beyond the first \(model.core.groupCap)",
                                              Style(fg: .warn)))
            lines.append(DocumentScreen.field("    counted", "\(model.core.recordsOverCap) records of those groups"))
            lines.append(StyledLine())
        }
        for s in sources {
            let bad = s.malformed + s.oversized
            let symbol = s.unreadable != nil ? ("✗ ", Style(fg: .bad, bold: true))
                : bad > 0 || s.lastError != nil ? ("! ", Style(fg: .warn, bold: true)) : ("✓ ", Style(fg: .ok, bold: true))
            var title = StyledLine()
            title.add("  " + symbol.0, symbol.1)
            title.add(s.name, Style(bold: true))
            lines.append(title)
            lines.append(DocumentScreen.field("    lines", "\(s.lines)"))
            lines.append(DocumentScreen.field("    records", "\(s.records)"))
            lines.append(DocumentScreen.field("    malformed", "\(s.malformed) skipped", s.malformed > 0 ? Style(fg: .warn) : .plain))
            lines.append(DocumentScreen.field("    too long", "\(s.oversized) skipped", s.oversized > 0 ? Style(fg: .warn) : .plain))
            lines.append(DocumentScreen.field("    NaN / ±Inf", "\(s.nonFinite) (kept, not judged)"))
            lines.append(DocumentScreen.field("    out of order", "\(s.outOfOrder) (kept)"))
            lines.append(DocumentScreen.field("    duplicates", "\(s.duplicates) (kept)"))
            lines.append(DocumentScreen.field("    lag", s.lagBytes > 0 ? "\(s.lagBytes) bytes not read yet" : "none",
                                              s.lagBytes > 0 ? Style(fg: .warn) : .plain))
            if let e = s.lastError {
                lines.append(DocumentScreen.field("    last error", e, Style(fg: .bad)))
            }
            if let why = s.unreadable {
                lines.append(DocumentScreen.field("    unreadable", why, Style(fg: .bad)))
            }
            lines.append(StyledLine())
        }
        DocumentScreen.draw(title: [("Sources", Style(fg: .header, bold: true)), (" · input health", Style())],
                            lines: lines, model: model, view: view,
                            hints: "↑/↓ scroll · Esc back · ? help", on: &canvas)
    }
}
