#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// Wakes a tailer when its file may have changed: inotify on the file and on
/// its directory (so a rename, create or delete of the path is seen), plus a
/// timer. Without inotify (other systems, exhausted watches, a directory that
/// does not exist yet) the timer alone drives a polling loop.
///
/// All callbacks run on `queue`. Not thread-safe: use it from `queue` only.
/// Public so other followers (the decision ledger's) wake the same way.
public final class FileWatcher {
    private let path: String
    private let queue: DispatchQueue
    private let onChange: () -> Void
    private var timer: DispatchSourceTimer?
    private var events: DispatchSourceRead?
    private var inotifyFD: Int32 = -1
    private var directoryWatch: Int32 = -1
    private var fileWatch: Int32 = -1

    /// True while inotify watches the directory (then the timer is only a safety net).
    public var usesInotify: Bool { directoryWatch >= 0 }

    public init(path: String, queue: DispatchQueue, onChange: @escaping () -> Void) {
        self.path = path
        self.queue = queue
        self.onChange = onChange
    }

    /// Starts watching. `pollInterval` is used when inotify is unavailable or
    /// disabled; with inotify the timer still fires every `safetyInterval`.
    public func start(useInotify: Bool, pollInterval: Double, safetyInterval: Double) {
        #if canImport(Glibc)
        if useInotify { startInotify() }
        #endif
        let interval = usesInotify ? safetyInterval : pollInterval
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(20))
        t.setEventHandler { [onChange] in onChange() }
        t.resume()
        timer = t
    }

    /// (Re)watches the file itself, after it was opened or replaced. Events on
    /// the directory already cover files in it; this also catches writes to the
    /// old file after it was renamed into another directory.
    public func watchFile() {
        #if canImport(Glibc)
        guard inotifyFD >= 0 else { return }
        if fileWatch >= 0 { inotify_rm_watch(inotifyFD, fileWatch) }
        let mask = UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVE_SELF | IN_DELETE_SELF)
        fileWatch = inotify_add_watch(inotifyFD, path, mask)
        #endif
    }

    public func stop() {
        timer?.cancel()
        timer = nil
        events?.cancel() // the cancel handler closes the inotify descriptor
        events = nil
    }

    #if canImport(Glibc)
    private func startInotify() {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return }
        let mask = UInt32(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB)
        let dw = inotify_add_watch(fd, directory(of: path), mask)
        guard dw >= 0 else { close(fd); return }
        inotifyFD = fd
        directoryWatch = dw
        watchFile()
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [onChange] in
            // The events only say "look again"; drain them and re-check the file once.
            var buffer = [UInt8](repeating: 0, count: 4096)
            while buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 {}
            onChange()
        }
        source.setCancelHandler { close(fd) }
        source.resume()
        events = source
    }
    #endif
}

/// The directory part of a path (`.` for a bare file name).
func directory(of path: String) -> String {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
    if slash == path.utf8.startIndex { return "/" }
    return String(path[..<slash])
}
