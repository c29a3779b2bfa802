import VigilSystem

/// Versions of the flag file this Vigil wrote itself (its actions), so the
/// flag-file follower does not take them for someone else's deploy: the core
/// already knows them (an executed action moves its flag) and the ledger
/// holds them. The desk announces the bytes just before its atomic rename
/// (`expect`) and says afterwards whether they were written (`settle`), so a
/// version read at any moment around the write is recognised.
final class OwnFlagWrites: @unchecked Sendable {
    /// How a version the follower read relates to Vigil's own writes.
    enum Origin: Equatable {
        /// Vigil wrote exactly these bytes: not a deploy.
        case own
        /// Someone else's. `base` is Vigil's last own version that the
        /// follower never saw (someone wrote on top of it within the quiet
        /// period): diff against that, not against the follower's last version,
        /// or Vigil's own change would show up as a deploy.
        case foreign(base: [UInt8]?)
    }

    private struct Entry { var bytes: [UInt8]; var written: Bool }
    /// Kept small: a replay's desk writes with no follower reading.
    private static let limit = 16
    private let lock = Lock()
    private var entries: [Entry] = []

    func expect(_ bytes: [UInt8]) {
        lock.withLock {
            entries.append(Entry(bytes: bytes, written: false))
            if entries.count > Self.limit { entries.removeFirst(entries.count - Self.limit) }
        }
    }

    /// After the write: keeps the announced version (written) or forgets it.
    func settle(written: Bool) {
        lock.withLock {
            if written {
                for i in entries.indices { entries[i].written = true }
            } else {
                entries.removeAll { !$0.written }
            }
        }
    }

    /// Classifies a version read from the file, forgetting the own versions
    /// it supersedes.
    func origin(of bytes: [UInt8]) -> Origin {
        lock.withLock {
            if let i = entries.lastIndex(where: { $0.bytes == bytes }) {
                entries.removeFirst(i + 1)
                return .own
            }
            guard let i = entries.lastIndex(where: \.written) else { return .foreign(base: nil) }
            let base = entries[i].bytes
            entries.removeFirst(i + 1)
            return .foreign(base: base)
        }
    }
}
