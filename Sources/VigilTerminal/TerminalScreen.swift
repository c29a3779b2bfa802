import CNcursesw
import VigilUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one ncurses screen, the terminal backend: paints frames, reads keys,
/// turns signals into events. The only code that touches ncurses.
///
/// Use it from one thread only (ncurses is not thread-safe); `TerminalApp`
/// does. Creating it takes over the terminal; `restore()` (idempotent)
/// gives it back, and it is also called on deinit and at exit.
public final class TerminalScreen: TerminalBackend {
    /// Colours available for drawing; 0 when the terminal has none or
    /// NO_COLOR is set.
    public let colorCount: Int
    private var pairs: ColorPairs
    private var restored = false
    private var signalsTaken = false
    /// A self-pipe that `wake()` and signal handlers write to.
    private let wakePipe = WakePipe()
    /// Consecutive waits where the terminal was readable but had no key.
    private var idleReads = 0

    /// Function keys by the code `get_wch` returns with KEY_CODE_YES.
    static let keys = KeyDecoder(functionKeys: [
        KEY_UP: .up, KEY_DOWN: .down, KEY_LEFT: .left, KEY_RIGHT: .right,
        KEY_PPAGE: .pageUp, KEY_NPAGE: .pageDown, KEY_HOME: .home, KEY_END: .end,
        KEY_ENTER: .enter, KEY_BACKSPACE: .backspace, KEY_DC: .delete, KEY_BTAB: .backTab,
        vigil_key_resize(): .resize,
    ])

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
        SignalRouter.setScreenActive(true)
        set_escdelay(25)
        cbreak()
        noecho()
        nonl()
        keypad(vigil_stdscr(), true)
        nodelay(vigil_stdscr(), true)
        intrflush(vigil_stdscr(), false)
        leaveok(vigil_stdscr(), true)
        curs_set(0)

        let colors = ColorSupport.usableColors(
            hasColors: has_colors(), noColor: getenv("NO_COLOR").map { String(cString: $0) },
            startColor: { start_color() == OK }, terminalColors: { Int(vigil_colors()) })
        let defaults = colors > 0 && use_default_colors() == OK
        colorCount = colors
        pairs = ColorPairs(colors: colors, defaultColorsWork: defaults,
                           pairLimit: Int(vigil_color_pairs()), theme: .dark)
    }

    deinit { restore() }

    /// Columns and rows of the terminal.
    public func size() -> (width: Int, height: Int) {
        (Int(vigil_cols()), Int(vigil_lines()))
    }

    /// Paints the changed cells with one `refresh()`.
    func draw(_ frame: FrameUpdate, theme: Theme) {
        guard !restored else { return }
        pairs.use(theme)
        if frame.erase {
            erase()
            if frame.clear { _ = vigil_clear_all() }
        }
        let rows = Int(vigil_lines()), cols = Int(vigil_cols())
        var wide = [wchar_t](repeating: 0, count: 6)
        for change in frame.changes where change.y < rows && change.x < cols {
            let paint = pairs.resolve(change.cell.style) { pair, fg, bg in init_pair(pair, fg, bg) == OK }
            TerminalScreen.fill(&wide, with: change.cell.text)
            _ = wide.withUnsafeBufferPointer { buffer in
                vigil_put_cell(Int32(change.y), Int32(change.x), buffer.baseAddress,
                               TerminalScreen.attributes(paint.attributes), paint.pair)
            }
        }
        refresh()
    }

    /// The next key if one is waiting, without blocking.
    public func readKey() -> Key? {
        while let event = readEvent() {
            if case .key(let key)? = event { return key }
        }
        return nil
    }

    /// The next key or mouse event if one is waiting, without blocking: nil
    /// when nothing is; `.some(nil)` for input that means nothing (an
    /// unknown function key, a mouse button Vigil does not use).
    private func readEvent() -> TerminalEvent?? {
        guard !restored else { return nil }
        var code: wint_t = 0
        let status = get_wch(&code)
        guard status != ERR else { return nil }
        if status == vigil_key_code_yes() && Int32(bitPattern: UInt32(code)) == vigil_key_mouse() {
            var x: Int32 = 0
            var y: Int32 = 0
            let kind = vigil_mouse_read(&x, &y)
            return .some(MouseEvent(code: kind, x: Int(x), y: Int(y)).map { .mouse($0) })
        }
        let raw: RawKey = status == vigil_key_code_yes()
            ? .function(Int32(bitPattern: UInt32(code))) : .character(UInt32(code))
        return .some(TerminalScreen.keys.decode(raw).map { .key($0) })
    }

    /// Waits up to `timeoutMillis` (-1: forever) for a key and returns it.
    /// `TerminalApp` instead waits on the terminal and its wake pipe together.
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
            SignalRouter.setScreenActive(false)
        }
        if signalsTaken {
            signalsTaken = false
            SignalRouter.uninstall()
        }
    }

    // MARK: TerminalBackend, for TerminalApp

    func start() {
        SignalRouter.install(wakeFD: wakePipe.writeFD, restore: emergencyEndwin)
        signalsTaken = true
    }

    func wake() { wakePipe.wake() }

    func enableMouse() {
        guard !restored else { return }
        _ = vigil_mouse_on()
    }

    func bell() {
        guard !restored else { return }
        beep()
    }

    /// Writes OSC 2 straight to the terminal, after ncurses has flushed its
    /// frame (the loop sets titles after drawing), ended by BEL, which every
    /// terminal that knows OSC 2 accepts. Control characters are dropped
    /// once more here, so nothing can end the sequence early.
    func setTitle(_ title: String) {
        guard !restored else { return }
        let safe = title.unicodeScalars.filter { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) }
        let bytes = Array("\u{1B}]2;".utf8) + Array(String(String.UnicodeScalarView(safe)).utf8) + [0x07]
        _ = bytes.withUnsafeBufferPointer { write(1, $0.baseAddress, $0.count) }
    }

    func pushTitle() { writeControl("\u{1B}[22;0t") }
    func popTitle() { writeControl("\u{1B}[23;0t") }

    /// A fixed control sequence, straight to the terminal like the title.
    private func writeControl(_ sequence: StaticString) {
        guard !restored else { return }
        _ = write(1, sequence.utf8Start, sequence.utf8CodeUnitCount)
    }

    /// Sleeps in `poll` on the terminal and the wake pipe, then reports
    /// what the signal handlers recorded and the keys that are waiting.
    func waitForEvents(timeoutMillis: Int32) -> [TerminalEvent] {
        let ready = TerminalScreen.wait(for: [0, wakePipe.readFD], timeoutMillis: timeoutMillis)
        if ready[1] == true { wakePipe.drain() }

        let sig = SignalRouter.take(.terminate)
        if sig != 0 { return [.terminate(signal: sig)] }
        var events: [TerminalEvent] = []
        if SignalRouter.take(.suspend) != 0 { events.append(.suspendRequested) }
        if SignalRouter.take(.continued) != 0 { events.append(.continued) }
        // SIGWINCH, or a size change whose signal never came (see
        // SignalRouter.unblockOnThisThread).
        if SignalRouter.take(.resize) != 0 || windowSizeChanged() {
            adoptWindowSize()
            events.append(.resized)
        }
        if ready[0] == true {
            var gotKey = false
            while let event = readEvent() {
                gotKey = true
                if let event { events.append(event) }
            }
            // Readable but nothing to read, again and again: the terminal
            // is gone (a dropped ssh session). Leave instead of spinning.
            idleReads = gotKey ? 0 : idleReads + 1
            if idleReads > 50 || (!gotKey && TerminalScreen.inputHungUp()) { events.append(.hangUp) }
        }
        return events
    }

    /// Ctrl-Z: restores the terminal, stops, and takes it back on `fg`.
    func suspend() {
        guard !restored else { return }
        endwin()
        SignalRouter.setScreenActive(false)
        SignalRouter.stopUntilContinued()
        SignalRouter.setScreenActive(true)
        refresh() // leaves the endwin state
    }

    /// Reads the kernel's window size into ncurses after SIGWINCH.
    private func adoptWindowSize() {
        var rows: Int32 = 0
        var cols: Int32 = 0
        if vigil_window_size(1, &rows, &cols) == 0 { resizeterm(rows, cols) }
    }

    /// Whether the kernel's window size differs from what ncurses assumes:
    /// a resize whose SIGWINCH never arrived (blocked by whoever started
    /// us). Cheap (one ioctl); the loop checks it whenever it wakes.
    private func windowSizeChanged() -> Bool {
        var rows: Int32 = 0
        var cols: Int32 = 0
        guard !restored, vigil_window_size(1, &rows, &cols) == 0 else { return false }
        return rows != vigil_lines() || cols != vigil_cols()
    }

    static func attributes(_ a: TextAttributes) -> attr_t {
        var attrs = vigil_a_normal()
        if a.contains(.bold) { attrs |= vigil_a_bold() }
        if a.contains(.dim) { attrs |= vigil_a_dim() }
        if a.contains(.underline) { attrs |= vigil_a_underline() }
        if a.contains(.reverse) { attrs |= vigil_a_reverse() }
        return attrs
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

/// Called from crash handlers while the screen is active.
private let emergencyEndwin: @convention(c) () -> Void = {
    if !isendwin() { endwin() }
}
