@testable import VigilTerminal
import VigilUI

/// A terminal for tests: `waitForEvents` returns the next batch the test
/// queued (or nothing), and every frame the loop draws is kept, painted
/// onto a copy of the screen the way a terminal would show it.
final class ScriptedTerminal: TerminalBackend {
    let colorCount: Int
    var width: Int
    var height: Int
    private var script: [[TerminalEvent]] = []
    private(set) var frames: [FrameUpdate] = []
    /// What the terminal shows, by row and column.
    private(set) var shown: [[Cell]] = []
    /// How each shown cell is painted, by row and column.
    private(set) var paints: [[CellPaint]] = []
    /// Pairs defined so far: (pair, foreground, background).
    private(set) var definedPairs: [[Int16]] = []
    private var pairs: ColorPairs
    private(set) var started = false
    private(set) var suspensions = 0
    private(set) var restored = false
    private(set) var wakes = 0

    init(width: Int = 100, height: Int = 30, colors: Int = 256) {
        self.width = width; self.height = height; colorCount = colors
        pairs = ColorPairs(colors: colors, defaultColorsWork: true, pairLimit: 256, theme: .dark)
    }

    /// Queues what one `waitForEvents` will return.
    func feed(_ events: [TerminalEvent]) { script.append(events) }

    /// The frame a person would read: rows trimmed like `Canvas.text()`.
    func text() -> String {
        shown.map { row -> String in
            var line = ""
            var x = 0
            while x < row.count {
                line += row[x].text
                x += max(1, DisplayWidth.of(row[x].text))
            }
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    func size() -> (width: Int, height: Int) { (width, height) }

    func draw(_ frame: FrameUpdate, theme: Theme) {
        frames.append(frame)
        pairs.use(theme)
        if frame.erase || shown.count != height || shown.first?.count != width {
            shown = Array(repeating: Array(repeating: .blank, count: width), count: height)
            paints = Array(repeating: Array(repeating: CellPaint(attributes: [], pair: 0), count: width),
                           count: height)
        }
        for c in frame.changes where c.y < height && c.x < width {
            shown[c.y][c.x] = c.cell
            paints[c.y][c.x] = pairs.resolve(c.cell.style) { p, fg, bg in
                definedPairs.append([p, fg, bg]); return true
            }
        }
    }

    /// The limit of every wait the loop asked for (-1: none).
    private(set) var waitLimits: [Int32] = []

    func waitForEvents(timeoutMillis: Int32) -> [TerminalEvent] {
        waitLimits.append(timeoutMillis)
        return script.isEmpty ? [] : script.removeFirst()
    }
    func wake() { wakes += 1 }
    /// Bells rung, and every title set, in order.
    private(set) var bells = 0
    private(set) var titles: [String] = []
    func bell() { bells += 1 }
    private(set) var mouseEnabled = false
    func enableMouse() { mouseEnabled = true }
    /// What reached the title, in order, with the pushes, pops, suspensions
    /// and the restore around it: `push`, `title Vigil: all clear`, `pop`,
    /// `suspend`, `restore`.
    private(set) var titleLog: [String] = []
    func setTitle(_ title: String) { titles.append(title); titleLog.append("title " + title) }
    func pushTitle() { titleLog.append("push") }
    func popTitle() { titleLog.append("pop") }
    func start() { started = true }
    func suspend() { suspensions += 1; titleLog.append("suspend") }
    func restore() { restored = true; titleLog.append("restore") }
}
