import VigilCore

/// A grid of cells the size of the terminal: what one frame looks like.
///
/// Screens draw into a canvas and the terminal backend copies it out whole,
/// so drawing is pure and testable (`text()` is what golden tests compare)
/// and the backend never has to reason about layout or overlapping windows.
public struct Canvas: Hashable, Sendable {
    public let width: Int
    public let height: Int
    private var cells: [Cell]
    /// Rows that stand for a proposal or a signal (see `HitTarget`).
    public internal(set) var regions: [HitRegion] = []

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// The cell at a column and row; a blank cell outside the canvas.
    public subscript(x: Int, y: Int) -> Cell {
        guard contains(x: x, y: y) else { return .blank }
        return cells[y * width + x]
    }

    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height
    }

    /// Writes text on one row and returns the columns it used.
    ///
    /// The text is sanitized first (see `TextSanitizer`). Wide characters take
    /// two columns; one that would not fit whole is not drawn. Text is clipped
    /// at `maxWidth` columns and at the canvas edge.
    @discardableResult
    public mutating func put(_ s: String, x: Int, y: Int, style: Style = .plain,
                             maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? Int.max, width - x)
        guard limit > 0 else { return 0 }
        var used = 0
        for ch in TextSanitizer.clean(s) {
            let w = DisplayWidth.of(ch)
            if w == 0 { continue }
            if used + w > limit { break }
            let cx = x + used
            if cx >= 0 {
                setCell(x: cx, y: y, Cell(text: String(ch), style: style))
                if w == 2 { setCell(x: cx + 1, y: y, Cell(text: "", style: style)) }
            }
            used += w
        }
        return used
    }

    /// Like `put`, but ends with "…" when the text does not fit.
    @discardableResult
    public mutating func putTruncating(_ s: String, x: Int, y: Int, style: Style = .plain,
                                       maxWidth: Int) -> Int {
        put(TextLayout.truncate(TextSanitizer.clean(s), toWidth: maxWidth), x: x, y: y,
            style: style, maxWidth: maxWidth)
    }

    /// Paints a rectangle with one cell.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, with cell: Cell = .blank) {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(width, x + w), y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        for row in y0..<y1 {
            for col in x0..<x1 { setCell(x: col, y: row, cell) }
        }
    }

    /// Changes the style of cells without changing their text (highlights).
    public mutating func restyle(x: Int, y: Int, width w: Int, _ change: (inout Style) -> Void) {
        guard y >= 0, y < height else { return }
        for col in max(0, x)..<max(max(0, x), min(width, x + w)) {
            change(&cells[y * width + col].style)
        }
    }

    /// Rows joined with newlines, trailing spaces trimmed per row: the text a
    /// person sees, and what golden tests compare.
    public func text() -> String {
        var rows: [String] = []
        rows.reserveCapacity(height)
        for y in 0..<height {
            var row = ""
            for x in 0..<width {
                let c = cells[y * width + x]
                if !c.isContinuation { row += c.text }
            }
            while row.last == " " { row.removeLast() }
            rows.append(row)
        }
        return rows.joined(separator: "\n")
    }

    /// Sets one cell and repairs any wide character it cuts in half, so a
    /// row never holds an orphaned half.
    private mutating func setCell(x: Int, y: Int, _ cell: Cell) {
        guard contains(x: x, y: y) else { return }
        let i = y * width + x
        if cells[i].isContinuation, x > 0, !cell.isContinuation {
            cells[i - 1] = Cell(text: " ", style: cells[i - 1].style)
        }
        if !cells[i].isContinuation, x + 1 < width, cells[i + 1].isContinuation,
           DisplayWidth.of(cells[i].text) == 2 {
            cells[i + 1] = Cell(text: " ", style: cells[i + 1].style)
        }
        cells[i] = cell
    }
}
