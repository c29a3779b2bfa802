import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Signal handling for the one terminal session.
///
/// Handlers only set a flag and write to the wake pipe (async-signal-safe);
/// the UI thread does the real work (restore the terminal, stop, redraw) at
/// a point where it is not in the middle of a terminal call. Two exceptions,
/// where waiting is not possible: a second SIGINT/SIGTERM/SIGHUP while the
/// first is still pending (the UI thread is stuck), and crash signals. Those
/// call the backend's emergency restore directly, put back the previous
/// action and re-raise, so the shell is usable and the Swift runtime still
/// prints its backtrace.
enum SignalRouter {
    /// Signals that end the program: restore, then die of the same signal.
    static let terminating: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let crashing: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGABRT, SIGBUS]
    static let forwarded: [Int32] = terminating + [SIGWINCH, SIGCONT, SIGTSTP]

    /// What the handlers record for the UI thread to take.
    enum Flag { case resize, continued, suspend, terminate }

    // Shared with handlers: lock-free atomics only.
    fileprivate static let resize = Atomic<Int32>(0)
    fileprivate static let continued = Atomic<Int32>(0)
    fileprivate static let suspend = Atomic<Int32>(0)
    /// The pending terminating signal's number, 0 when none.
    fileprivate static let terminate = Atomic<Int32>(0)
    fileprivate static let screenActive = Atomic<Bool>(false)
    fileprivate static let wakeFD = Atomic<Int32>(-1)

    /// The actions that were in place before ours, by signal number.
    nonisolated(unsafe) fileprivate static let saved: UnsafeMutablePointer<sigaction> = {
        let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        p.initialize(repeating: sigaction(), count: 65)
        return p
    }()
    nonisolated(unsafe) fileprivate static var installed = false
    /// Gives the terminal back from inside a handler; set before the
    /// handlers are installed and only read by them afterwards.
    nonisolated(unsafe) fileprivate static var emergencyRestore: (@convention(c) () -> Void)?

    /// Installs all handlers; `wakeFD` is written on every forwarded signal,
    /// `restore` is called by crash handlers while the screen is active.
    static func install(wakeFD fd: Int32, restore: @escaping @convention(c) () -> Void) {
        // Globals initialize lazily; do it here, never inside a handler.
        _ = (resize.load(ordering: .relaxed), continued.load(ordering: .relaxed),
             suspend.load(ordering: .relaxed), terminate.load(ordering: .relaxed),
             screenActive.load(ordering: .relaxed), saved)
        wakeFD.store(fd, ordering: .sequentiallyConsistent)
        guard !installed else { return }
        installed = true
        emergencyRestore = restore
        for sig in forwarded + crashing {
            let handler = crashing.contains(sig) ? crashHandler : forwardHandler
            _ = setAction(sig, handler, flags: Int32(SA_ONSTACK), saving: saved + Int(sig))
        }
        unblockOnThisThread(forwarded)
    }

    /// A blocked signal mask is inherited across fork and exec: a tmux server
    /// started from a thread pool (Dispatch blocks most signals on its
    /// threads) starts every pane with SIGWINCH, SIGINT and friends blocked,
    /// and a resize would then never reach us. Unblock the signals we handle
    /// on the calling (UI) thread, so the kernel delivers them here; other
    /// threads (Dispatch workers) keep their own masks.
    static func unblockOnThisThread(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for sig in signals { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Puts back the actions that were there before `install`.
    static func uninstall() {
        guard installed else { return }
        installed = false
        for sig in forwarded + crashing { sigaction(sig, saved + Int(sig), nil) }
        wakeFD.store(-1, ordering: .sequentiallyConsistent)
    }

    /// Tells crash handlers whether there is a screen to restore.
    static func setScreenActive(_ active: Bool) {
        screenActive.store(active, ordering: .sequentiallyConsistent)
    }

    /// The flag's value (a signal number for `.terminate`), cleared.
    static func take(_ flag: Flag) -> Int32 {
        switch flag {
        case .resize: return resize.exchange(0, ordering: .sequentiallyConsistent)
        case .continued: return continued.exchange(0, ordering: .sequentiallyConsistent)
        case .suspend: return suspend.exchange(0, ordering: .sequentiallyConsistent)
        case .terminate: return terminate.exchange(0, ordering: .sequentiallyConsistent)
        }
    }

    /// Dies of `sig` the way the shell expects (exit status 128+sig).
    static func reraise(_ sig: Int32) -> Never {
        uninstall()
        _ = setAction(sig, nil, flags: 0)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, sig)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(sig)
        _exit(128 + sig)
    }

    /// Stops the process as Ctrl-Z would (the caller has restored the
    /// terminal) and returns once the shell continues it.
    static func stopUntilContinued() {
        _ = setAction(SIGTSTP, nil, flags: 0)
        raise(SIGTSTP)
        _ = setAction(SIGTSTP, forwardHandler, flags: Int32(SA_ONSTACK))
    }

    /// `sigaction(2)` with a plain handler; nil is the default action.
    @discardableResult
    fileprivate static func setAction(_ sig: Int32, _ handler: (@convention(c) (Int32) -> Void)?,
                                      flags: Int32, saving old: UnsafeMutablePointer<sigaction>? = nil) -> Int32 {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = flags
        return sigaction(sig, &action, old)
    }
}

/// Restores the terminal from inside a handler when waiting is not possible.
private func emergencyRestore() {
    if SignalRouter.screenActive.load(ordering: .sequentiallyConsistent) {
        SignalRouter.emergencyRestore?()
    }
}

private let forwardHandler: @convention(c) (Int32) -> Void = { sig in
    switch sig {
    case SIGWINCH: SignalRouter.resize.store(1, ordering: .sequentiallyConsistent)
    case SIGCONT: SignalRouter.continued.store(1, ordering: .sequentiallyConsistent)
    case SIGTSTP: SignalRouter.suspend.store(1, ordering: .sequentiallyConsistent)
    default:
        if SignalRouter.terminate.exchange(sig, ordering: .sequentiallyConsistent) != 0 {
            // Second request while the first is unhandled: the loop is stuck.
            emergencyRestore()
            SignalRouter.setAction(sig, nil, flags: 0)
            raise(sig)
            return
        }
    }
    WakePipe.wake(fd: SignalRouter.wakeFD.load(ordering: .sequentiallyConsistent))
}

private let crashHandler: @convention(c) (Int32) -> Void = { sig in
    emergencyRestore()
    sigaction(sig, SignalRouter.saved + Int(sig), nil)
    raise(sig)
}
