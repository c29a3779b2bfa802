#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one look at a scrape file found.
enum ScrapeFileRead {
    /// Missing, unreadable, or rewritten while it was being read (the bytes
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
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return .unavailable }
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
