/// A screen that is the header, a title bar, a scrolling list of lines and
/// the input row: the detail, ledger, help, sources and messages screens.
enum DocumentScreen {
    static func draw(title: [(String, Style)], lines: [StyledLine], model: DashboardModel,
                     view: ViewState, hints: String, on canvas: inout Canvas) {
        let w = canvas.width, h = canvas.height
        let bar = Style(bg: .bar)
        let titleY = 1 // row 0 is the Header
        canvas.fill(x: 0, y: titleY, width: w, height: 1, with: Cell(text: " ", style: bar))
        var x = 1
        for (text, style) in title where x < w {
            x += canvas.putTruncating(text, x: x, y: titleY, style: style.background(.bar), maxWidth: w - x - 1)
        }
        let visible = h - 3
        let maxScroll = max(0, lines.count - visible)
        let first = min(view.scroll, maxScroll)
        for (row, line) in lines.dropFirst(first).prefix(visible).enumerated() {
            line.draw(on: &canvas, x: 1, y: titleY + 1 + row, width: w - 2)
        }
        if maxScroll > 0 {
            let where_ = "\(first + 1)–\(min(lines.count, first + visible)) of \(lines.count) "
            canvas.put(where_, x: w - DisplayWidth.of(where_), y: titleY, style: bar.foreground(.muted))
        }
        BottomBars.drawInput(model, view, hints: hints, on: &canvas, y: h - 1)
    }

    /// `label   value` with the label in a fixed column.
    static func field(_ label: String, _ value: String, _ style: Style = .plain, labelWidth: Int = 14) -> StyledLine {
        var l = StyledLine()
        l.add(TextLayout.pad(label, toWidth: labelWidth), Style(fg: .muted))
        l.add(value, style)
        return l
    }

    /// `field`, with the value word-wrapped under itself to `width` columns
    /// in all: the text that matters most (a failure reason, an outcome) is
    /// never cut.
    static func field(_ label: String, _ value: String, _ style: Style = .plain, labelWidth: Int = 14,
                      width: Int) -> [StyledLine] {
        TextLayout.wrap(value, width: max(10, width - labelWidth)).enumerated().map { i, line in
            field(i == 0 ? label : "", line, style, labelWidth: labelWidth)
        }
    }

    static func heading(_ text: String) -> StyledLine {
        StyledLine(text, Style(fg: .header, bold: true, underline: true))
    }

    /// Wraps `text` to `width`, indenting continuation lines.
    static func wrapped(_ text: String, width: Int, indent: Int, _ style: Style = .plain) -> [StyledLine] {
        TextLayout.wrap(text, width: max(10, width - indent)).map {
            StyledLine(String(repeating: " ", count: indent) + $0, style)
        }
    }
}
