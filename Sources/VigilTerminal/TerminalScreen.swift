import CNcursesw
import VigilUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one ncurses screen: copies canvases to the terminal and reads keys.
///
/// Use it from one thread only (ncurses is not thread-safe); `TerminalApp`
/// does. Creating it takes over the terminal; `restore()` (idempotent)
/// gives it back, and it is also called on deinit and at exit.
public final class TerminalScreen {
    /// Colours available for drawing; 0 when the terminal has none or
    /// NO_COLOR is set.
    public let colorCount: Int
    private var pairs: ColorPairs
    private var lastFrame: Canvas?
    private var restored = false
    private var invalid = true

    /// Takes over the terminal. Refuses (with an error saying what to do)
    /// when stdin/stdout are not a terminal, TERM is unset or `dumb`, the
    /// terminal type is unknown, or it cannot address the cursor.
    public init() throws {
        guard isatty(0) == 1, isatty(1) == 1 else { throw TerminalError.notATerminal }
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        guard !term.isEmpty, term != "dumb", term != "unknown" else {
            throw TerminalError.dumbTerminal(term: term)
        }
        // Wide characters need a UTF-8 locale; fall back to C.UTF-8 when the
        // environment's locale is plain C.
        setlocale(LC_ALL, "")
        if String(cString: vigil_codeset()) != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
        guard vigil_newterm(term) != nil else { throw TerminalError.unknownTerminal(term: term) }
        guard vigil_has_capability("cup") != 0 else {
            endwin()
            throw TerminalError.noCursorAddressing(term: term)
        }
        TerminalScreen.registerAtExit()
        SignalRouter.setCursesActive(true)
        set_escdelay(25)
        cbreak()
        noecho()
        nonl()
        keypad(vigil_stdscr(), true)
        nodelay(vigil_stdscr(), true)
        intrflush(vigil_stdscr(), false)
        leaveok(vigil_stdscr(), true)
        curs_set(0)

        let noColor = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        var colors = 0
        var defaults = false
        if has_colors() && !noColor && start_color() == OK {
            colors = Int(vigil_colors())
            defaults = use_default_colors() == OK
        }
        colorCount = colors
        pairs = ColorPairs(colors: colors, defaultColorsWork: defaults, theme: .dark)
    }

    deinit { restore() }

    /// Columns and rows of the terminal.
    public func size() -> (width: Int, height: Int) {
        (Int(vigil_cols()), Int(vigil_lines()))
    }

    /// Draws a frame with one `refresh()`. A frame equal to the last one is
    /// skipped, and only cells that changed are handed to ncurses.
    public func draw(_ canvas: Canvas, theme: Theme) {
        guard !restored else { return }
        if theme != pairs.theme { pairs.use(theme); invalid = true }
        if !invalid, let last = lastFrame, last == canvas { return }
        let previous = invalid ? nil : lastFrame.flatMap { $0.width == canvas.width && $0.height == canvas.height ? $0 : nil }
        if previous == nil {
            erase()
            if invalid { _ = vigil_clear_all() }
        }
        let rows = min(canvas.height, Int(vigil_lines()))
        let cols = min(canvas.width, Int(vigil_cols()))
        var wide = [wchar_t](repeating: 0, count: 6)
        for y in 0..<rows {
            for x in 0..<cols {
                let cell = canvas[x, y]
                if cell.isContinuation { continue }
                if let previous, previous[x, y] == cell { continue }
                let (attrs, pair) = pairs.resolve(cell.style)
                TerminalScreen.fill(&wide, with: cell.text)
                _ = wide.withUnsafeBufferPointer { buffer in
                    vigil_put_cell(Int32(y), Int32(x), buffer.baseAddress, attrs, pair)
                }
            }
        }
        refresh()
        lastFrame = canvas
        invalid = false
    }

    /// The next key if one is waiting, without blocking.
    public func readKey() -> Key? {
        guard !restored else { return nil }
        var code: wint_t = 0
        let status = get_wch(&code)
        guard status != ERR else { return nil }
        return KeyDecoder.decode(status: status, code: UInt32(code))
    }

    /// Waits up to `timeoutMillis` (-1: forever) for a key and returns it.
    /// `TerminalApp` instead polls the terminal and its wake pipe together.
    public func nextKey(timeoutMillis: Int32) -> Key? {
        if let k = readKey() { return k }
        let wait = TerminalScreen.wait(for: [0], timeoutMillis: timeoutMillis)
        return wait.first == true ? readKey() : nil
    }

    /// Gives the terminal back: idempotent, and guarded by `isendwin()`
    /// because a second `endwin()` mangles the shell's line.
    public func restore() {
        if !restored {
            restored = true
            if !isendwin() { endwin() }
            SignalRouter.setCursesActive(false)
        }
    }

    // MARK: For TerminalApp

    /// Reads the kernel's window size into ncurses after SIGWINCH.
    func adoptWindowSize() {
        var rows: Int32 = 0
        var cols: Int32 = 0
        if vigil_window_size(1, &rows, &cols) == 0 { resizeterm(rows, cols) }
        invalid = true
    }

    /// Whether the kernel's window size differs from what ncurses assumes:
    /// a resize whose SIGWINCH never arrived (blocked by whoever started
    /// us). Cheap (one ioctl); the loop checks it whenever it wakes.
    func windowSizeChanged() -> Bool {
        var rows: Int32 = 0
        var cols: Int32 = 0
        guard !restored, vigil_window_size(1, &rows, &cols) == 0 else { return false }
        return rows != vigil_lines() || cols != vigil_cols()
    }

    /// The next draw repaints every cell (after SIGCONT or a resize).
    func invalidate() { invalid = true }

    /// Ctrl-Z: restores the terminal, stops, and takes it back on `fg`.
    func suspend() {
        guard !restored else { return }
        endwin()
        SignalRouter.setCursesActive(false)
        SignalRouter.stopUntilContinued()
        SignalRouter.setCursesActive(true)
        refresh() // leaves the endwin state
        invalid = true
    }

    /// Which of `fds` are readable (or hung up); nil entries on EINTR/timeout.
    static func wait(for fds: [Int32], timeoutMillis: Int32) -> [Bool?] {
        var polls = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let n = poll(&polls, nfds_t(polls.count), timeoutMillis)
        guard n > 0 else { return fds.map { _ in nil } }
        return polls.map { $0.revents == 0 ? nil : true }
    }

    /// Whether fd 0 has hung up (the ssh session or terminal went away).
    static func inputHungUp() -> Bool {
        var p = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, 0) > 0 else { return false }
        return p.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// A NUL-terminated wide string for one cell: the grapheme's spacing
    /// character and up to four combining marks. Variation selectors and
    /// joiners are dropped so the terminal cannot widen the cell behind
    /// ncurses' back.
    static func fill(_ buffer: inout [wchar_t], with text: String) {
        var n = 0
        for s in text.unicodeScalars where n < 5 {
            if n == 0 {
                buffer[0] = wchar_t(bitPattern: DisplayWidth.of(s) > 0 ? s.value : 0x20)
                n = 1
            } else {
                switch s.properties.generalCategory {
                case .nonspacingMark, .enclosingMark:
                    if !(0xFE00...0xFE0F).contains(s.value) { buffer[n] = wchar_t(bitPattern: s.value); n += 1 }
                default: break
                }
            }
        }
        if n == 0 { buffer[0] = 0x20; n = 1 }
        buffer[n] = 0
    }

    nonisolated(unsafe) private static var atExitRegistered = false

    private static func registerAtExit() {
        guard !atExitRegistered else { return }
        atExitRegistered = true
        atexit {
            if !isendwin() { endwin() }
        }
    }
}
