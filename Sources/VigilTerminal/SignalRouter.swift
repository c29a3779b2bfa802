import CNcursesw
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Signal handling for the one terminal session.
///
/// Handlers only set a flag and write to the wake pipe (async-signal-safe);
/// the UI thread does the real work (restore the terminal, stop, redraw) at
/// a point where it is not in the middle of an ncurses call. Two exceptions,
/// where waiting is not possible: a second SIGINT/SIGTERM/SIGHUP while the
/// first is still pending (the UI thread is stuck), and crash signals. Those
/// call `endwin()` directly, put back the previous action and re-raise, so
/// the shell is usable and the Swift runtime still prints its backtrace.
enum SignalRouter {
    /// Signals that end the program: restore, then die of the same signal.
    static let terminating: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let crashing: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGABRT, SIGBUS]
    static let forwarded: [Int32] = terminating + [SIGWINCH, SIGCONT, SIGTSTP]

    /// Flags shared with handlers; see `Slot`.
    nonisolated(unsafe) fileprivate static let flags: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: Slot.count)
        p.initialize(repeating: 0, count: Slot.count)
        return p
    }()
    /// The actions that were in place before ours, by signal number.
    nonisolated(unsafe) fileprivate static let saved: UnsafeMutablePointer<sigaction> = {
        let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        p.initialize(repeating: sigaction(), count: 65)
        return p
    }()
    nonisolated(unsafe) fileprivate static var installed = false

    enum Slot {
        static let resize = 0, continued = 1, suspend = 2, terminate = 3, cursesActive = 4, wakeFD = 5
        static let count = 6
    }

    /// Installs all handlers; `wakeFD` is written on every forwarded signal.
    static func install(wakeFD: Int32) {
        _ = flags; _ = saved // initialize before any handler can run
        vigil_atomic_store(flags + Slot.wakeFD, wakeFD)
        guard !installed else { return }
        installed = true
        for sig in forwarded + crashing {
            let handler = crashing.contains(sig) ? crashHandler : forwardHandler
            _ = vigil_sigaction(sig, handler, saved + Int(sig))
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
        for sig in forwarded + crashing { _ = vigil_sigaction_restore(sig, saved + Int(sig)) }
        vigil_atomic_store(flags + Slot.wakeFD, -1)
    }

    /// Tells crash handlers whether there is a curses screen to restore.
    static func setCursesActive(_ active: Bool) {
        _ = flags
        vigil_atomic_store(flags + Slot.cursesActive, active ? 1 : 0)
    }

    static func take(_ slot: Int) -> Int32 { vigil_atomic_exchange(flags + slot, 0) }

    /// Dies of `sig` the way the shell expects (exit status 128+sig).
    static func reraise(_ sig: Int32) -> Never {
        uninstall()
        _ = vigil_sigaction_default(sig)
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
        _ = vigil_sigaction_default(SIGTSTP)
        raise(SIGTSTP)
        _ = vigil_sigaction(SIGTSTP, forwardHandler, nil)
    }
}

/// Restores the terminal from inside a handler when waiting is not possible.
private func emergencyRestore() {
    if vigil_atomic_load(SignalRouter.flags + SignalRouter.Slot.cursesActive) == 1, !isendwin() {
        endwin()
    }
}

private let forwardHandler: @convention(c) (Int32) -> Void = { sig in
    let flags = SignalRouter.flags
    switch sig {
    case SIGWINCH: vigil_atomic_store(flags + SignalRouter.Slot.resize, 1)
    case SIGCONT: vigil_atomic_store(flags + SignalRouter.Slot.continued, 1)
    case SIGTSTP: vigil_atomic_store(flags + SignalRouter.Slot.suspend, 1)
    default:
        if vigil_atomic_exchange(flags + SignalRouter.Slot.terminate, sig) != 0 {
            // Second request while the first is unhandled: the loop is stuck.
            emergencyRestore()
            _ = vigil_sigaction_default(sig)
            raise(sig)
            return
        }
    }
    WakePipe.wake(fd: vigil_atomic_load(flags + SignalRouter.Slot.wakeFD))
}

private let crashHandler: @convention(c) (Int32) -> Void = { sig in
    emergencyRestore()
    _ = vigil_sigaction_restore(sig, SignalRouter.saved + Int(sig))
    raise(sig)
}
