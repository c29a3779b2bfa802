/// Everything the dashboard said this session, newest first: what the
/// message row showed for a few seconds and then dropped.
enum MessagesScreen {
    static func draw(_ model: DashboardModel, _ view: ViewState, on canvas: inout Canvas) {
        var lines: [StyledLine] = []
        let entries = view.messages.entries
        if entries.isEmpty { lines.append(StyledLine("nothing said yet", Style(fg: .muted))) }
        let textWidth = canvas.width - 2 - 12
        for m in entries.reversed() {
            let style = Style(fg: m.kind == .answer ? .warn : .accent)
            let wrapped = TextLayout.wrap(m.text, width: max(10, textWidth))
            for (i, text) in wrapped.enumerated() {
                var l = StyledLine()
                l.add(TextLayout.pad(i == 0 ? ago(view.now - m.at) : "", toWidth: 12), Style(fg: .muted))
                l.add(text, style)
                lines.append(l)
            }
        }
        DocumentScreen.draw(title: [("Messages", Style(fg: .header, bold: true)),
                                    (" · \(entries.count) this session, newest first", Style())],
                            lines: lines, model: model, view: view,
                            hints: "↑/↓ scroll · Esc back · ? help", on: &canvas)
    }

    /// `4 s ago`, `12 min ago`, `3 h ago`.
    static func ago(_ millis: Int64) -> String {
        let s = max(0, millis) / 1000
        if s < 60 { return "\(s) s ago" }
        if s < 3600 { return "\(s / 60) min ago" }
        return "\(s / 3600) h ago"
    }
}
