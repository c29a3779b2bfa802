/// A point in event time: milliseconds since the Unix epoch, always taken from
/// the data, never from a clock. The core has no other notion of "now".
public struct EventTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Seconds since the epoch; sub-millisecond digits are rounded away.
    /// Out of range saturates (for clock readings); input uses `init?(exactSeconds:)`.
    public init(seconds: Double) {
        self.milliseconds = saturatingMilliseconds(seconds)
    }

    /// Seconds since the epoch, or nil when not finite or beyond ±2⁶³ ms.
    public init?(exactSeconds seconds: Double) {
        guard let ms = checkedMilliseconds(seconds) else { return nil }
        self.milliseconds = ms
    }

    public var seconds: Double { Double(milliseconds) / 1000 }

    public static func < (a: EventTime, b: EventTime) -> Bool { a.milliseconds < b.milliseconds }

    public func adding(_ d: Duration) -> EventTime {
        EventTime(milliseconds: milliseconds &+ d.milliseconds)
    }

    public func since(_ earlier: EventTime) -> Duration {
        Duration(milliseconds: milliseconds &- earlier.milliseconds)
    }

    /// RFC 3339 in UTC with milliseconds, e.g. `2026-02-14T10:00:00.250Z`.
    /// Computed without Foundation so the core stays pure and portable.
    public var iso8601: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendISO8601(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `iso8601`'s UTF-8 appended to `bytes` without making a `String`: the
    /// native-line writers (`vigil parse`, `record`) put one in every line.
    public func appendISO8601(to bytes: inout [UInt8]) {
        let (days, msOfDay) = milliseconds.floorDivided(by: 86_400_000)
        let (y, m, d) = CivilDate.fromDays(days)
        if (0...9999).contains(y) { appendDigits(y, 4, to: &bytes) } else { bytes += pad(y, 4).utf8 }
        bytes.append(UInt8(ascii: "-"))
        appendDigits(m, 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(d, 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(msOfDay / 3_600_000, 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits((msOfDay / 60_000) % 60, 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits((msOfDay / 1000) % 60, 2, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        appendDigits(msOfDay % 1000, 3, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }

    /// `HH:MM:SS` of the UTC day, for compact screen columns.
    public var clock: String {
        let (_, msOfDay) = milliseconds.floorDivided(by: 86_400_000)
        return "\(pad(msOfDay / 3_600_000, 2)):\(pad((msOfDay / 60_000) % 60, 2)):\(pad((msOfDay / 1000) % 60, 2))"
    }

    public var description: String { iso8601 }

    /// Builds a time from civil UTC fields (used by the ingest parsers).
    public static func utc(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0,
                           second: Int = 0, millisecond: Int = 0) -> EventTime {
        let days = CivilDate.toDays(year: Int64(year), month: Int64(month), day: Int64(day))
        let ms = ((days * 24 + Int64(hour)) * 60 + Int64(minute)) * 60_000
            + Int64(second) * 1000 + Int64(millisecond)
        return EventTime(milliseconds: ms)
    }
}

/// A span of event time in milliseconds.
public struct Duration: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var milliseconds: Int64
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    /// For constants and clock readings: out of range saturates, NaN is zero.
    /// Text from a file goes through `init?(exactSeconds:)` instead.
    public static func seconds(_ s: Double) -> Duration { Duration(milliseconds: saturatingMilliseconds(s)) }
    /// Seconds, or nil when not finite or beyond ±2⁶³ ms: a span read from
    /// input must be rejected with a message, never trap or wrap.
    public init?(exactSeconds s: Double) {
        guard let ms = checkedMilliseconds(s) else { return nil }
        self.init(milliseconds: ms)
    }
    public static func minutes(_ m: Double) -> Duration { .seconds(m * 60) }
    public static func hours(_ h: Double) -> Duration { .seconds(h * 3600) }
    public static let zero = Duration(milliseconds: 0)
    public var seconds: Double { Double(milliseconds) / 1000 }
    public static func < (a: Duration, b: Duration) -> Bool { a.milliseconds < b.milliseconds }
    public func adding(_ d: Duration) -> Duration { Duration(milliseconds: milliseconds &+ d.milliseconds) }

    /// Human form: `850ms`, `42s`, `5m`, `5m30s`, `2h`, `3d4h`.
    public var description: String {
        let ms = milliseconds
        if ms < 0 { return "-" + Duration(milliseconds: -ms).description }
        if ms < 1000 { return "\(ms)ms" }
        let s = ms / 1000
        if s < 60 { return "\(s)s" }
        if s < 3600 { return s % 60 == 0 ? "\(s / 60)m" : "\(s / 60)m\(s % 60)s" }
        if s < 86_400 { return (s % 3600) / 60 == 0 ? "\(s / 3600)h" : "\(s / 3600)h\((s % 3600) / 60)m" }
        return (s % 86_400) / 3600 == 0 ? "\(s / 86_400)d" : "\(s / 86_400)d\((s % 86_400) / 3600)h"
    }
}

/// Whole milliseconds of `seconds`, or nil when they do not fit an Int64
/// (`Int64(_:)` on such a Double traps).
func checkedMilliseconds(_ seconds: Double) -> Int64? {
    Int64(exactly: (seconds * 1000).rounded())
}

func saturatingMilliseconds(_ seconds: Double) -> Int64 {
    if let ms = checkedMilliseconds(seconds) { return ms }
    if seconds.isNaN { return 0 }
    return seconds < 0 ? .min : .max
}

/// `v` (0 ≤ v < 10^width) in exactly `width` decimal digits.
private func appendDigits(_ v: Int64, _ width: Int, to bytes: inout [UInt8]) {
    var divisor: Int64 = 1
    for _ in 1..<width { divisor *= 10 }
    var rest = v
    while divisor > 0 {
        bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest / divisor))
        rest %= divisor
        divisor /= 10
    }
}

private func pad(_ v: Int64, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

extension Int64 {
    /// Floor division with a non-negative remainder (times before 1970 work).
    func floorDivided(by d: Int64) -> (quotient: Int64, remainder: Int64) {
        var q = self / d
        var r = self % d
        if r < 0 { q -= 1; r += d }
        return (q, r)
    }
}

/// Howard Hinnant's days-from-civil algorithms (proleptic Gregorian, UTC).
enum CivilDate {
    static func toDays(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func fromDays(_ z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
