import VigilUI

/// What the dashboard loop needs from a terminal: draw a frame's changed
/// cells, report keys, size changes and signals, say how many colours it
/// has. `TerminalScreen` is the ncurses backend; tests drive `TerminalApp`
/// step by step with a backend of their own.
///
/// Called from the UI thread only, except `wake()`.
protocol TerminalBackend: AnyObject {
    /// Colours available for drawing; 0 when the terminal has none or
    /// NO_COLOR is set.
    var colorCount: Int { get }
    /// Columns and rows of the terminal.
    func size() -> (width: Int, height: Int)
    /// Paints the cells of `frame` and shows them in one refresh.
    func draw(_ frame: FrameUpdate, theme: Theme)
    /// Blocks until something happens or `timeoutMillis` pass (-1: no
    /// limit), then returns what did, in order: signals first, then keys,
    /// then a hang-up. May return nothing (the loop was only woken to look
    /// at a newly posted model, or for a message to expire).
    func waitForEvents(timeoutMillis: Int32) -> [TerminalEvent]
    /// Makes a waiting `waitForEvents` return. Any thread may call it.
    func wake()
    /// Rings the terminal bell.
    func bell()
    /// Sets the window title (OSC 2); `title` is already safe to send
    /// (`Attention.terminalTitle`).
    func setTitle(_ title: String)
    /// Saves the window title on the terminal's title stack (`CSI 22;0t`),
    /// before Vigil sets its first one: no terminal lets a program read the
    /// title, but xterm-likes keep a stack; others (tmux) ignore the request.
    func pushTitle()
    /// Brings the saved title back (`CSI 23;0t`), before the terminal is
    /// given back.
    func popTitle()
    /// Asks the terminal to report clicks and the wheel.
    func enableMouse()
    /// Takes the signals that concern the terminal, before the first wait.
    func start()
    /// Ctrl-Z: gives the terminal back, stops, and takes it again on `fg`.
    func suspend()
    /// Gives the terminal back; idempotent.
    func restore()
}

/// What happened at the terminal since the loop last waited.
enum TerminalEvent: Hashable, Sendable {
    case key(Key)
    /// A click or the wheel, by cell; the loop finds what the cell showed.
    case mouse(MouseEvent)
    /// The window changed size; the backend already knows the new size.
    case resized
    /// Ctrl-Z (SIGTSTP).
    case suspendRequested
    /// The shell continued the process (SIGCONT): the screen may be stale.
    case continued
    /// SIGINT, SIGTERM or SIGHUP: restore the terminal and die of it.
    case terminate(signal: Int32)
    /// The terminal went away (a dropped ssh session).
    case hangUp
}
