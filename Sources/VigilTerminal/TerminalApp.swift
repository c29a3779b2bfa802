import VigilUI
import VigilSystem

/// Runs the dashboard on the calling thread.
///
/// The loop sleeps in its backend's wait: it draws when a new model is
/// posted, a key arrives or the window changes, and otherwise only when a
/// message on screen expires (ages are relative to event time, so an idle
/// screen has nothing new to show; with no message it never wakes on a timer).
/// Commands go to `onCommand` on this thread; keep it quick.
///
/// `run` is `start` followed by `step` until one says stop; tests call
/// those two themselves with a backend that returns the events they feed.
public final class TerminalApp: @unchecked Sendable {
    private let backend: any TerminalBackend
    private var theme: Theme
    private let themeSearchPaths: [String]
    private let pending: Locked<DashboardModel?>
    private let clock: () -> Int64
    /// The UI state; touched only by the UI thread inside `run`.
    private(set) var view: ViewState
    /// The model on screen; touched only by the UI thread.
    private(set) var model = DashboardModel()
    private var frames = FrameDiff()
    private var dirty = true
    private let attention: AttentionSettings
    private let mouse: Bool
    /// The frame on screen, for finding what a click landed on.
    private var shown: Canvas?
    /// The title last sent, so it is sent only when it changes; nil while
    /// the terminal shows its own (before the first, after a pop).
    private var title: String?

    public convenience init(screen: TerminalScreen, theme: Theme, initial: DashboardModel,
                            themeSearchPaths: [String] = Theme.defaultSearchPaths(),
                            attention: AttentionSettings = AttentionSettings(), mouse: Bool = true) {
        self.init(backend: screen, theme: theme, initial: initial, themeSearchPaths: themeSearchPaths,
                  attention: attention, mouse: mouse, clock: MonotonicClock.nowMillis)
    }

    /// `clock` gives monotonic milliseconds for the reducer's confirmation
    /// guards and for messages.
    init(backend: any TerminalBackend, theme: Theme, initial: DashboardModel,
         themeSearchPaths: [String], attention: AttentionSettings = AttentionSettings(), mouse: Bool = true,
         clock: @escaping () -> Int64) {
        self.backend = backend
        self.attention = attention
        self.mouse = mouse
        self.theme = theme
        self.themeSearchPaths = themeSearchPaths
        self.pending = Locked(initial)
        self.clock = clock
        self.view = ViewState(themeName: theme.name)
        view.themeNames = Theme.availableNames(searchPaths: themeSearchPaths)
    }

    /// Hands the loop a new model; thread-safe. Only the latest posted
    /// model is drawn, so a fast replay never queues up frames.
    public func post(_ model: DashboardModel) {
        pending.withLock { $0 = model }
        backend.wake()
    }

    /// Runs until `q`, `:quit` or the terminal hangs up; restores the
    /// terminal before returning. `.theme` commands are applied here (and
    /// still passed on so the app can remember the choice). SIGINT, SIGTERM
    /// and SIGHUP restore the terminal and end the process with that signal.
    public func run(onCommand: @escaping (Command) -> Void) {
        backend.start()
        defer { giveBack() }
        start()
        while true {
            switch step(onCommand: onCommand) {
            case .running: continue
            case .quit: return
            case .terminated(let sig): SignalRouter.reraise(sig)
            }
        }
    }

    /// Whether the loop goes on after a step.
    enum Outcome: Hashable {
        case running
        case quit
        /// The terminal is restored; the process should die of `signal`.
        case terminated(signal: Int32)
    }

    /// Shows the first model.
    func start() {
        if mouse { backend.enableMouse() }
        model = pending.withLock { m -> DashboardModel in
            let current = m ?? DashboardModel()
            m = nil
            return current
        }
        view.observe(model, nowMillis: clock())
        dirty = true
        drawIfDirty()
    }

    /// Waits for the backend's next events, handles them in order, and
    /// draws the result.
    func step(onCommand: (Command) -> Void) -> Outcome {
        let outcome = handle(backend.waitForEvents(timeoutMillis: waitLimit()), onCommand: onCommand)
        if outcome == .running {
            tick()
            drawIfDirty()
        }
        return outcome
    }

    /// How long the next wait may last: until the message on screen
    /// expires, else for ever.
    func waitLimit() -> Int32 {
        guard let expiry = view.messages.nextExpiry(at: view.now) else { return -1 }
        return Int32(clamping: max(0, expiry - clock()))
    }

    /// Moves the view's clock on; redraws when that changes the message row.
    private func tick() {
        let before = view.messages.shown(at: view.now)
        view.tick(nowMillis: clock())
        if view.messages.shown(at: view.now) != before { dirty = true }
    }

    private func handle(_ events: [TerminalEvent], onCommand: (Command) -> Void) -> Outcome {
        for event in events {
            switch event {
            case .terminate(let sig):
                giveBack()
                return .terminated(signal: sig)
            case .suspendRequested:
                // The shell gets its title back while Vigil is stopped; the
                // next frame saves it again and sets Vigil's.
                popTitle()
                backend.suspend()
                frames.invalidate()
                dirty = true
            case .continued, .resized:
                frames.invalidate()
                dirty = true
            case .mouse(let event):
                guard let key = event.key(on: shown) else { continue }
                if handle(key, onCommand: onCommand) == .quit { return .quit }
            case .key(let key):
                if handle(key, onCommand: onCommand) == .quit { return .quit }
            case .hangUp:
                onCommand(.quit)
                return .quit
            }
        }
        takePending()
        return .running
    }

    /// One key: reduced against the latest model, its commands passed on.
    private func handle(_ key: Key, onCommand: (Command) -> Void) -> Outcome {
        if key == .resize { frames.invalidate() }
        // Keys typed together ("y" then "q") each see the model that the
        // previous one's command produced.
        takePending()
        let (next, commands) = reduce(view, key: key, model: model, nowMillis: clock())
        view = next
        dirty = true
        for command in commands {
            if case .theme(let name) = command { switchTheme(to: name) }
            onCommand(command)
            if command == .quit { return .quit }
        }
        return .running
    }

    private func drawIfDirty() {
        guard dirty else { return }
        dirty = false
        let (w, h) = backend.size()
        let canvas = render(model, view, width: w, height: h, theme: theme)
        shown = canvas
        if let frame = frames.update(to: canvas, theme: theme) {
            backend.draw(frame, theme: theme)
        }
        // After the frame, so the title never lands inside ncurses' output.
        if attention.title {
            let t = Attention.terminalTitle(OverallState(model).windowTitle)
            if t != title {
                if title == nil { backend.pushTitle() }
                title = t
                backend.setTitle(t)
            }
        }
    }

    /// Puts back the title Vigil's first one replaced, if it set one.
    private func popTitle() {
        guard title != nil else { return }
        title = nil
        backend.popTitle()
    }

    /// The title, then the terminal: what quitting or a fatal signal gives back.
    func giveBack() {
        popTitle()
        backend.restore()
    }

    /// Adopts the latest posted model, if any; rings the bell when it
    /// brings a new proposal, an escalation or a failed action.
    private func takePending() {
        guard let next = pending.withLock({ m -> DashboardModel? in defer { m = nil }; return m }) else { return }
        if attention.bell && !Attention.events(from: model, to: next).isEmpty { backend.bell() }
        model = next
        view.observe(model, nowMillis: clock())
        dirty = true
    }

    private func switchTheme(to name: String) {
        do {
            theme = try Theme.load(named: name, searchPaths: themeSearchPaths)
            view.themeName = theme.name
            view.message = "theme \(theme.name)"
        } catch {
            view.message = "\(error)"
        }
    }
}
