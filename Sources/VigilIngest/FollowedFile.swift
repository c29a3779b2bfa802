import Glibc

/// Opens a file Vigil follows (a tailed source or a scrape file), which must
/// be a regular file. A read-only open of a FIFO waits for a writer forever,
/// which would freeze the source's queue, so the open is non-blocking and
/// the file type is checked before anything reads: a FIFO, directory or
/// device is reported with what it is, and so is permission denied, so the
/// sources screen can say why nothing arrives.
public enum FollowedFile {
    public enum Opened: Equatable, Sendable {
        case opened(Int32)
        /// Not there (yet): before a writer creates it, or a typo in the
        /// path. Shown as `missingReason` so the two are never mistaken for
        /// a healthy, quiet source.
        case missing
        /// There, but not readable as a file; the reason is for people.
        case unreadable(String)
    }

    /// What the sources screen says of a path that does not exist: it is
    /// still waited for (a writer may create it), but until then it is a ✗.
    public static let missingReason = "does not exist (waiting for it to be created)"

    public static func open(_ path: String) -> Opened {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            let code = errno
            return code == ENOENT ? .missing : .unreadable("cannot open: \(String(cString: strerror(code)))")
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let reason = "cannot stat: \(String(cString: strerror(errno)))"
            close(fd)
            return .unreadable(reason)
        }
        let type = st.st_mode & S_IFMT
        guard type == S_IFREG else {
            close(fd)
            let what = type == S_IFIFO ? "a FIFO" : type == S_IFDIR ? "a directory" : type == S_IFSOCK ? "a socket" : "a device"
            return .unreadable("\(what), not a regular file")
        }
        return .opened(fd)
    }
}
