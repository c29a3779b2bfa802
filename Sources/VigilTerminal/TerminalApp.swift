import VigilUI

/// Runs the dashboard on the calling thread.
///
/// The loop sleeps in `poll` on the terminal and a wake pipe: it draws when
/// a new model is posted, a key arrives or the window changes, and never on
/// a timer (ages are relative to event time, so an idle screen has nothing
/// new to show). Commands go to `onCommand` on this thread; keep it quick.
public final class TerminalApp: @unchecked Sendable {
    private let screen: TerminalScreen
    private var theme: Theme
    private let themeSearchPaths: [String]
    private let pending: Locked<DashboardModel?>
    private let wakePipe = WakePipe()
    /// The UI state; touched only by the UI thread inside `run`.
    private var view: ViewState

    /// Asked on the UI thread right before each key is handled: is an
    /// action still running? The answer goes into the model's
    /// `status.actionInFlight`, so the reducer asks before `q` quits even if
    /// the model posted after the action started has not been drawn yet.
    /// Set it before `run`.
    public var actionInFlight: (@Sendable () -> Bool)?

    public init(screen: TerminalScreen, theme: Theme, initial: DashboardModel,
                themeSearchPaths: [String] = Theme.defaultSearchPaths()) {
        self.screen = screen
        self.theme = theme
        self.themeSearchPaths = themeSearchPaths
        self.pending = Locked(initial)
        self.view = ViewState(themeName: theme.name)
    }

    /// Hands the loop a new model; thread-safe. Only the latest posted
    /// model is drawn, so a fast replay never queues up frames.
    public func post(_ model: DashboardModel) {
        pending.withLock { $0 = model }
        wakePipe.wake()
    }

    /// Runs until `q`, `:quit` or the terminal hangs up; restores the
    /// terminal before returning. `.theme` commands are applied here (and
    /// still passed on so the app can remember the choice). SIGINT, SIGTERM
    /// and SIGHUP restore the terminal and end the process with that signal.
    public func run(onCommand: @escaping (Command) -> Void) {
        SignalRouter.install(wakeFD: wakePipe.writeFD)
        defer {
            screen.restore()
            SignalRouter.uninstall()
        }
        var model = pending.withLock { m -> DashboardModel in
            let current = m ?? DashboardModel()
            m = nil
            return current
        }
        view.observe(model, nowMillis: MonotonicClock.nowMillis())
        var dirty = true
        var idleReads = 0
        while true {
            if dirty {
                let (w, h) = screen.size()
                screen.draw(render(model, view, width: w, height: h, theme: theme), theme: theme)
                dirty = false
            }
            let ready = TerminalScreen.wait(for: [0, wakePipe.readFD], timeoutMillis: -1)
            if ready[1] == true { wakePipe.drain() }

            let sig = SignalRouter.take(SignalRouter.Slot.terminate)
            if sig != 0 {
                screen.restore()
                SignalRouter.reraise(sig)
            }
            if SignalRouter.take(SignalRouter.Slot.suspend) != 0 { screen.suspend(); dirty = true }
            if SignalRouter.take(SignalRouter.Slot.continued) != 0 { screen.invalidate(); dirty = true }
            // SIGWINCH, or a size change whose signal never came (see
            // SignalRouter.unblockOnThisThread).
            if SignalRouter.take(SignalRouter.Slot.resize) != 0 || screen.windowSizeChanged() {
                screen.adoptWindowSize()
                dirty = true
            }
            if takePending(into: &model) { dirty = true }

            if ready[0] == true {
                var gotKey = false
                while let key = screen.readKey() {
                    gotKey = true
                    if key == .resize { screen.invalidate() }
                    // Keys typed together ("y" then "q") each see the model
                    // that the previous one's command produced.
                    if takePending(into: &model) { dirty = true }
                    if let busy = actionInFlight { model.status.actionInFlight = busy() }
                    let (next, commands) = reduce(view, key: key, model: model, nowMillis: MonotonicClock.nowMillis())
                    view = next
                    dirty = true
                    for command in commands {
                        if case .theme(let name) = command { switchTheme(to: name) }
                        onCommand(command)
                        if command == .quit { return }
                    }
                }
                // Readable but nothing to read, again and again: the terminal
                // is gone (a dropped ssh session). Leave instead of spinning.
                idleReads = gotKey ? 0 : idleReads + 1
                if idleReads > 50 || (!gotKey && TerminalScreen.inputHungUp()) {
                    onCommand(.quit)
                    return
                }
            }
        }
    }

    /// Adopts the latest posted model, if any; true when there was one.
    private func takePending(into model: inout DashboardModel) -> Bool {
        guard let next = pending.withLock({ m -> DashboardModel? in defer { m = nil }; return m }) else { return false }
        model = next
        view.observe(model, nowMillis: MonotonicClock.nowMillis())
        return true
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
