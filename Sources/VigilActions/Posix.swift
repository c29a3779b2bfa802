import Glibc

/// Thin, errno-preserving wrappers over the few syscalls the actions need.
/// Foundation's FileHandle hides fsync/flock/rename ordering, which is the
/// whole point of the ledger and the atomic flag write, so they are spelled
/// out here once.
struct SystemError: Error, CustomStringConvertible {
    var operation: String
    var path: String
    var code: Int32

    init(_ operation: String, _ path: String, code: Int32 = errno) {
        self.operation = operation; self.path = path; self.code = code
    }

    var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
}

struct NotARegularFile: Error, CustomStringConvertible {
    var path: String
    var what: String
    var description: String { "\(path) is \(what), not a regular file" }
}

enum Posix {
    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0) throws -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw SystemError("open", path) }
        }
    }

    /// Opens a path that must be a regular file. O_NONBLOCK keeps a FIFO
    /// put in its place from blocking the open (a read-only open of a FIFO
    /// waits for a writer forever); the fstat then refuses it, a directory,
    /// or a device, with a message that says what is there instead.
    static func openRegular(_ path: String, _ flags: Int32, _ mode: mode_t = 0) throws -> Int32 {
        let fd = try open(path, flags | O_NONBLOCK, mode)
        var st = stat()
        guard fstat(fd, &st) == 0 else { let e = SystemError("stat", path); close(fd); throw e }
        let type = st.st_mode & S_IFMT
        guard type == S_IFREG else {
            close(fd)
            let what = type == S_IFIFO ? "a FIFO" : type == S_IFDIR ? "a directory" : type == S_IFSOCK ? "a socket" : "a device"
            throw NotARegularFile(path: path, what: what)
        }
        // Regular files ignore O_NONBLOCK; clear it anyway so writes stay plain.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }

    /// The whole of a regular file (never blocks on a FIFO in its place).
    static func readRegularFile(_ path: String) throws -> [UInt8] {
        let fd = try openRegular(path, O_RDONLY)
        defer { close(fd) }
        return try readAll(fd, path: path)
    }

    static func readAll(_ fd: Int32, path: String, from offset: UInt64 = 0) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var at = off_t(offset)
        while true {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, at) }
            if n < 0 { if errno == EINTR { continue }; throw SystemError("read", path) }
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
            at += off_t(n)
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { buf -> Int in
                guard let base = buf.baseAddress else { return 0 }
                return Glibc.write(fd, base + done, buf.count - done)
            }
            if n < 0 { if errno == EINTR { continue }; throw SystemError("write", path) }
            done += n
        }
    }

    static func fsync(_ fd: Int32, path: String) throws {
        while Glibc.fsync(fd) != 0 { if errno != EINTR { throw SystemError("fsync", path) } }
    }

    /// Blocks until this open file description holds the lock.
    static func flock(_ fd: Int32, _ op: Int32, path: String) throws {
        while systemFlock(fd, op) != 0 { if errno != EINTR { throw SystemError("flock", path) } }
    }

    static func fileSize(_ fd: Int32, path: String) throws -> UInt64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw SystemError("stat", path) }
        return UInt64(st.st_size)
    }

    static func mode(_ fd: Int32, path: String) throws -> mode_t {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw SystemError("stat", path) }
        return st.st_mode & 0o7777
    }

    /// The directory part of a path ("." for a bare name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Creates `dir` and missing parents with mode 0700 (umask applies).
    static func makeDirectories(_ dir: String) throws {
        if dir.isEmpty || dir == "/" || dir == "." { return }
        var st = stat()
        if stat(dir, &st) == 0 {
            if st.st_mode & S_IFMT == S_IFDIR { return }
            throw SystemError("mkdir", dir, code: ENOTDIR)
        }
        try makeDirectories(directory(of: dir))
        if mkdir(dir, 0o700) != 0 && errno != EEXIST { throw SystemError("mkdir", dir) }
    }

    /// fsyncs a directory so a create or rename in it survives power loss.
    static func fsyncDirectory(_ dir: String) throws {
        let fd = try open(dir, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd, path: dir)
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}

/// At file scope `flock` resolves to the function, not Glibc's struct of the same name.
private func systemFlock(_ fd: Int32, _ op: Int32) -> Int32 { flock(fd, op) }
