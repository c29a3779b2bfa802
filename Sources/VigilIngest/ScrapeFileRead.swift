#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one look at a scrape file found.
enum ScrapeFileRead {
    /// Gone between two looks, or rewritten while it was being read (the bytes
    /// would mix two versions). Nothing is remembered: the next wake-up looks
    /// again, and a writer's change always causes one (its inotify event comes
    /// after the read, or the poll timer fires).
    case unavailable
    /// The signature is the trusted one the caller already scraped.
    case unchanged
    /// Larger than the limit, so not read.
    case oversized(FileSignature)
    /// One whole version and the signature it has.
    case read(FileSignature, [UInt8])
    /// Missing, or there but not a readable regular file (a FIFO, a
    /// directory, permission denied): the reason, for the sources screen.
    case unreadable(String)
}

/// Reads the scrape file at `path` through one descriptor, taking its
/// signature before and after the bytes: the two agree, and the byte count
/// matches the size, only if no write fell in between. Taking the signature
/// from the path and the bytes from a later open let a non-atomic writer's
/// truncate and write fall on either side: the empty file's signature was kept
/// with the full file's bytes, so the same version was scraped again.
///
/// `trusted` is skipped without reading. `beforeRead` runs just before the
/// bytes are read (tests play a racing writer in it).
func readScrapeFile(_ path: String, limit: Int, trusted: FileSignature?,
                    beforeRead: () -> Void = {}) -> ScrapeFileRead {
    let fd: Int32
    switch FollowedFile.open(path) {
    case .opened(let f): fd = f
    case .missing: return .unreadable(FollowedFile.missingReason)
    case .unreadable(let reason): return .unreadable(reason)
    }
    defer { close(fd) }
    guard let before = signature(of: fd) else { return .unavailable }
    if before == trusted { return .unchanged }
    guard before.size <= Int64(limit) else { return .oversized(before) }
    beforeRead()
    guard let bytes = readWholeFile(fd: fd, limit: limit), let after = signature(of: fd),
          after == before, Int64(bytes.count) == before.size else { return .unavailable }
    return .read(before, bytes)
}

private func signature(of fd: Int32) -> FileSignature? {
    var st = stat()
    guard fstat(fd, &st) == 0 else { return nil }
    return FileSignature(st)
}

/// The coarsest step in which a local filesystem stamps modification times
/// (FAT: 2 s). ext4 and tmpfs before Linux 6.13 take it from a clock that
/// ticks every few milliseconds, so two writes in one tick share an mtime.
let coarsestTimestampTick: Int64 = 2_000_000_000

extension FileSignature {
    /// The modification time in nanoseconds since the epoch.
    var modifiedNanoseconds: Int64 { seconds * 1_000_000_000 + nanoseconds }

    /// True when no later rewrite can get this same signature: the version
    /// was modified a whole timestamp tick before `now`, the moment its read
    /// began, so any write after that read gets a later mtime.
    func isSettled(at now: Int64) -> Bool { modifiedNanoseconds <= now - coarsestTimestampTick }
}

/// The wall clock (the one file times are stamped from), nanoseconds since the epoch.
func wallClockNanoseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}
