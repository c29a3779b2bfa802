import VigilCore

/// Parses RFC 3339 timestamps: `2026-02-14T10:00:00.250Z`,
/// `2026-02-14T11:00:00+01:00`. `T` may also be `t` or a space, `Z` may be
/// `z`; the fraction may have any number of digits and is rounded to
/// milliseconds (half up). A leap second (`:60`) is accepted and lands on the
/// first millisecond of the next minute.
enum RFC3339 {
    /// Milliseconds since the epoch, or a message saying what is wrong and the
    /// byte offset (relative to `start`) where it is.
    static func parse(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Result<Int64, ScanError> {
        var i = start
        func fail(_ message: String) -> Result<Int64, ScanError> {
            .failure(ScanError(offset: min(i, end), message: "timestamp: " + message))
        }
        func digits(_ n: Int) -> Int? {
            guard i + n <= end else { return nil }
            var v = 0
            for k in 0..<n {
                let c = p[i + k]
                guard isDigit(c) else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }
        func literal(_ c: UInt8) -> Bool {
            guard i < end, p[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), literal(0x2D) else { return fail("expected YYYY-") }
        guard let month = digits(2), (1...12).contains(month), literal(0x2D) else { return fail("expected month 01-12") }
        guard let day = digits(2), day >= 1, day <= daysIn(month: month, year: year) else {
            return fail("day out of range for the month")
        }
        guard i < end, p[i] == 0x54 || p[i] == 0x74 || p[i] == 0x20 else { return fail("expected 'T'") }
        i += 1
        guard let hour = digits(2), hour < 24, literal(0x3A) else { return fail("expected hour 00-23") }
        guard let minute = digits(2), minute < 60, literal(0x3A) else { return fail("expected minute 00-59") }
        guard let second = digits(2), second <= 60 else { return fail("expected second 00-60") }
        var ms = 0
        if literal(0x2E) {
            var k = 0
            var roundUp = false
            while i < end, isDigit(p[i]) {
                if k < 3 { ms = ms * 10 + Int(p[i] - 0x30) } else if k == 3 { roundUp = p[i] >= 0x35 }
                k += 1
                i += 1
            }
            guard k > 0 else { return fail("expected digits after '.'") }
            while k < 3 { ms *= 10; k += 1 }
            if roundUp { ms += 1 }
        }
        var offsetMinutes = 0
        guard i < end else { return fail("expected 'Z' or a ±hh:mm offset") }
        switch p[i] {
        case 0x5A, 0x7A: // Z z
            i += 1
        case 0x2B, 0x2D: // + -
            let sign = p[i] == 0x2D ? -1 : 1
            i += 1
            guard let oh = digits(2), oh < 24, literal(0x3A), let om = digits(2), om < 60 else {
                return fail("expected a ±hh:mm offset")
            }
            offsetMinutes = sign * (oh * 60 + om)
        default:
            return fail("expected 'Z' or a ±hh:mm offset")
        }
        guard i == end else { return fail("unexpected characters after the timestamp") }
        let t = EventTime.utc(year: year, month: month, day: day, hour: hour, minute: minute,
                              second: second, millisecond: ms)
        return .success(t.milliseconds - Int64(offsetMinutes) * 60_000)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
