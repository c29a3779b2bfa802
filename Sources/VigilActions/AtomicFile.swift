import Glibc

/// Replaces a file so readers see the old or the new bytes, never a mix, and
/// the new bytes survive a crash once this returns: temp file in the same
/// directory (rename is only atomic within one filesystem), write, fsync,
/// rename over the original, fsync the directory (the rename itself is
/// directory metadata).
enum AtomicFile {
    static func replace(_ path: String, dirFD: Int32, with bytes: [UInt8], mode: mode_t) throws {
        let dir = Posix.directory(of: path)
        let name = Posix.baseName(of: path)
        let tempName = ".\(name).vigil-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let temp = dir + "/" + tempName
        let fd = try Posix.open(temp, O_WRONLY | O_CREAT | O_EXCL, mode)
        var renamed = false
        defer { if !renamed { unlink(temp) } }
        do {
            defer { close(fd) }
            try Posix.writeAll(fd, bytes, path: temp)
            // The umask may have narrowed the mode; readers such as flagd
            // need the same permissions the old file had.
            guard fchmod(fd, mode) == 0 else { throw SystemError("chmod", temp) }
            try Posix.fsync(fd, path: temp)
        }
        guard renameat(dirFD, tempName, dirFD, name) == 0 else { throw SystemError("rename", temp) }
        renamed = true
        try Posix.fsync(dirFD, path: dir)
    }
}
