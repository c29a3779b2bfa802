import VigilUI

/// One cell a backend must paint.
struct CellChange: Hashable, Sendable {
    var x: Int
    var y: Int
    var cell: Cell
}

/// What a backend does for one frame.
struct FrameUpdate: Hashable, Sendable {
    var width: Int
    var height: Int
    /// Blank the screen before painting: there is no previous frame of
    /// this size to paint over.
    var erase: Bool
    /// Make the terminal repaint everything: what it shows may not be what
    /// was drawn (after a resize, Ctrl-Z and `fg`, or a theme change).
    var clear: Bool
    /// The cells to paint, row by row; right halves of wide characters are
    /// left out (the left half covers them).
    var changes: [CellChange]
}

/// Works out which cells changed since the last frame, so the backend hands
/// only those to the terminal, and an unchanged frame costs nothing.
struct FrameDiff {
    private var last: Canvas?
    private var theme: Theme?
    private var invalid = true

    /// The next frame repaints every cell.
    mutating func invalidate() { invalid = true }

    /// The update that turns the last frame into `canvas`; nil when the
    /// terminal already shows it.
    mutating func update(to canvas: Canvas, theme: Theme) -> FrameUpdate? {
        if theme != self.theme { self.theme = theme; invalid = true }
        if !invalid, let last, last == canvas { return nil }
        let previous = invalid ? nil : last.flatMap { $0.width == canvas.width && $0.height == canvas.height ? $0 : nil }
        var changes: [CellChange] = []
        for y in 0..<canvas.height {
            for x in 0..<canvas.width {
                let cell = canvas[x, y]
                if cell.isContinuation { continue }
                if let previous, previous[x, y] == cell { continue }
                changes.append(CellChange(x: x, y: y, cell: cell))
            }
        }
        let frame = FrameUpdate(width: canvas.width, height: canvas.height,
                                erase: previous == nil, clear: invalid, changes: changes)
        last = canvas
        invalid = false
        return frame
    }
}
