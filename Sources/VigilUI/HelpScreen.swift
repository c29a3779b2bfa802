/// The keys of the screen the operator came from, then the global keys.
enum HelpScreen {
    static func draw(_ model: DashboardModel, _ view: ViewState, theme: Theme, on canvas: inout Canvas) {
        let under = view.backStack.last ?? .overview
        var lines: [StyledLine] = [DocumentScreen.heading("\(KeyMap.title(of: under)) keys")]
        for b in KeyMap.specific(to: under) { lines += self.lines(b, width: canvas.width - 2) }
        lines.append(StyledLine())
        lines.append(DocumentScreen.heading("Everywhere"))
        for b in KeyMap.global { lines += self.lines(b, width: canvas.width - 2) }
        lines.append(StyledLine())
        lines.append(DocumentScreen.heading("Typing after : or /"))
        for b in KeyMap.lineEditing { lines += self.lines(b, width: canvas.width - 2) }
        lines.append(StyledLine())
        lines.append(StyledLine("Mouse: " + KeyMap.mouse.map { "\($0.keys) \($0.help)" }.joined(separator: " · "),
                                Style(fg: .muted)))
        if model.status.readOnly {
            lines.append(StyledLine("READ-ONLY: y, n and s do nothing in this session.", Style(fg: .warn, bold: true)))
        }
        let words = "Status words: \(Glyph.ok) OK · \(Glyph.bad) FAIL · \(Glyph.warn) BREACH (not yet sustained)"
            + " · \(Glyph.noData) NO DATA · \(Glyph.held) HELD (inconclusive, policy hold: shown, not acted on)"
            + " · \(Glyph.waiting) WARMING (too few samples)"
        lines += DocumentScreen.wrapped(words, width: canvas.width - 2, indent: 0, Style(fg: .muted))
        lines.append(StyledLine("Theme: \(theme.name) (:theme dark|light|high-contrast|monochrome)", Style(fg: .muted)))
        DocumentScreen.draw(title: [("Help", Style(fg: .header, bold: true)),
                                    (" · \(KeyMap.title(of: under))", Style())],
                            lines: lines, model: model, view: view, hints: "Esc back · q quit", on: &canvas)
    }

    /// A binding with its action wrapped under itself, so long actions stay whole.
    static func lines(_ b: KeyBinding, width: Int) -> [StyledLine] {
        let keyWidth = 22
        let wrapped = TextLayout.wrap(b.help, width: max(10, width - keyWidth))
        return wrapped.enumerated().map { i, text in
            var l = StyledLine()
            l.add("  " + TextLayout.pad(i == 0 ? b.keys : "", toWidth: keyWidth - 2), Style(fg: .accent, bold: true))
            l.add(text)
            return l
        }
    }
}
