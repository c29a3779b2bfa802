import VigilActions
import VigilCore
import VigilIngest

/// Native JSON Lines written to a file descriptor (standard output) in
/// large writes. `vigil parse` writes millions of lines; a `print` and a
/// `String` per line cost more than reading them.
public struct NativeLinesOutput {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var failure: Error?
    /// Big enough that a write call per line is not the cost, small enough
    /// that a reading pipe gets lines as they come.
    private static let flushBytes = 1 << 16

    public init(fd: Int32 = 1) {
        self.fd = fd
        buffer.reserveCapacity(Self.flushBytes + 1024)
    }

    /// Adds `record`'s line. A failed write is kept for `finish` and stops
    /// all later writes (the reader is gone or the disk is full).
    public mutating func write(_ record: Record) {
        guard failure == nil else { return }
        appendNativeLine(record, to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= Self.flushBytes { flushKeepingFailure() }
    }

    /// Writes what is buffered; throws the first write failure, if any.
    public mutating func finish() throws {
        if failure == nil { flushKeepingFailure() }
        if let failure { throw failure }
    }

    private mutating func flushKeepingFailure() {
        guard !buffer.isEmpty else { return }
        do { try FileWrites.system.write(fd, buffer, "standard output") } catch { failure = error }
        buffer.removeAll(keepingCapacity: true)
    }
}
