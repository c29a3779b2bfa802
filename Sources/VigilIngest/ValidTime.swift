import VigilCore

/// The event times Vigil reads, in every format: 0000-01-01T00:00:00.000Z
/// through 9999-12-31T23:59:59.999Z, the years RFC 3339 can write.
///
/// Why one range: `vigil parse` prints every time as RFC 3339, so a time
/// outside these years could be read but not printed in a form that reads
/// back (the round trip docs/metrics-format.md promises). A time outside
/// is an error with this message, never clamped or wrapped.
enum ValidTime {
    static let first: Int64 = -62_167_219_200_000
    static let last: Int64 = 253_402_300_799_999
    static let message = "timestamp out of range: Vigil reads 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z"

    @inline(__always) static func contains(_ milliseconds: Int64) -> Bool {
        milliseconds >= first && milliseconds <= last
    }
}
