import VigilCore

/// Parses RFC 3339 timestamps: `2026-02-14T10:00:00.250Z`,
/// `2026-02-14T11:00:00+01:00`. `T` may also be `t` or a space, `Z` may be
/// `z`; the fraction may have any number of digits and is rounded to
/// milliseconds (half up). A leap second (`:60`) is accepted and lands on the
/// first millisecond of the next minute.
///
/// Consecutive lines nearly always share the date, hour and minute, so the
/// parser remembers the last `YYYY-MM-DDTHH:MM` prefix it validated and only
/// parses seconds, fraction and zone when the next timestamp starts the same.
struct RFC3339 {
    private var prefix: (UInt64, UInt64) = (0, 0)
    private var prefixMilliseconds: Int64 = 0
    private var hasPrefix = false

    /// Milliseconds since the epoch, or what is wrong and the byte offset where.
    mutating func parse(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Result<Int64, ScanError> {
        var r = Reader(p: p, i: start, end: end, first: start)
        let base: Int64
        if hasPrefix && end - start >= 20 {
            let raw = UnsafeRawPointer(p + start)
            let w = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            if w == prefix {
                if end - start == 24, let ms = Self.secondsMillisZulu(raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)) {
                    return .success(prefixMilliseconds + ms)
                }
                r.i += 16
                base = prefixMilliseconds
                return r.secondsAndZone(base)
            }
        }
        switch r.dateHourMinute() {
        case .failure(let e): return .failure(e)
        case .success(let ms): base = ms
        }
        // The last minute of year 9999 is not remembered: a leap second
        // there would leave the range, and the remembered prefix's path
        // does not check it.
        if end - start >= 20 && base < ValidTime.last - 60_999 {
            let raw = UnsafeRawPointer(p + start)
            prefix = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            prefixMilliseconds = base
            hasPrefix = true
        }
        return r.secondsAndZone(base)
    }

    /// The commonest tail, `:SS.fffZ`, read as one little-endian word:
    /// milliseconds into the minute, or nil for any other shape (which the
    /// general reader then handles, with the same result).
    @inline(__always) static func secondsMillisZulu(_ w: UInt64) -> Int64? {
        // ':' at byte 0, '.' at 3, 'Z' at 7; ASCII digits at 1, 2, 4, 5, 6.
        guard w & 0xFF00_0000_FF00_00FF == 0x5A00_0000_2E00_003A else { return nil }
        let digitNibbles: UInt64 = 0x00F0_F0F0_00F0_F000
        let zeros: UInt64 = 0x0030_3030_0030_3000
        guard w & digitNibbles == zeros, (w &+ 0x0006_0606_0006_0600) & digitNibbles == zeros else { return nil }
        let d = w &- zeros
        @inline(__always) func digit(_ k: UInt64) -> Int64 { Int64(truncatingIfNeeded: (d >> (8 * k)) & 0xFF) }
        let second = digit(1) * 10 + digit(2)
        guard second <= 60 else { return nil }
        return second * 1000 + digit(4) * 100 + digit(5) * 10 + digit(6)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private struct Reader {
        let p: UnsafePointer<UInt8>
        var i: Int
        let end: Int
        /// Where the timestamp starts (an out-of-range error points there).
        let first: Int

        func fail(_ message: String) -> ScanError {
            ScanError(offset: min(i, end), message: "timestamp: " + message)
        }

        @inline(__always) mutating func digits(_ n: Int) -> Int? {
            guard i + n <= end else { return nil }
            var v = 0
            for k in 0..<n {
                let d = p[i + k] &- 0x30
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            i += n
            return v
        }

        @inline(__always) mutating func literal(_ c: UInt8) -> Bool {
            guard i < end, p[i] == c else { return false }
            i += 1
            return true
        }

        /// `YYYY-MM-DDTHH:MM` as epoch milliseconds of that minute (UTC, before the zone).
        mutating func dateHourMinute() -> Result<Int64, ScanError> {
            guard let year = digits(4), literal(0x2D) else { return .failure(fail("expected YYYY-")) }
            guard let month = digits(2), (1...12).contains(month), literal(0x2D) else {
                return .failure(fail("expected month 01-12"))
            }
            guard let day = digits(2), day >= 1, day <= RFC3339.daysIn(month: month, year: year) else {
                return .failure(fail("day out of range for the month"))
            }
            guard i < end, p[i] == 0x54 || p[i] == 0x74 || p[i] == 0x20 else { return .failure(fail("expected 'T'")) }
            i += 1
            guard let hour = digits(2), hour < 24, literal(0x3A) else { return .failure(fail("expected hour 00-23")) }
            guard let minute = digits(2), minute < 60 else { return .failure(fail("expected minute 00-59")) }
            return .success(EventTime.utc(year: year, month: month, day: day, hour: hour, minute: minute).milliseconds)
        }

        /// `:SS(.fraction)?(Z|±hh:mm)` to the end, added to `base`.
        mutating func secondsAndZone(_ base: Int64) -> Result<Int64, ScanError> {
            guard literal(0x3A), let second = digits(2), second <= 60 else {
                return .failure(fail("expected :SS seconds 00-60"))
            }
            var ms = 0
            if literal(0x2E) {
                var k = 0
                var roundUp = false
                while i < end {
                    let d = p[i] &- 0x30
                    guard d < 10 else { break }
                    if k < 3 { ms = ms * 10 + Int(d) } else if k == 3 { roundUp = d >= 5 }
                    k += 1
                    i += 1
                }
                guard k > 0 else { return .failure(fail("expected digits after '.'")) }
                while k < 3 { ms *= 10; k += 1 }
                if roundUp { ms += 1 }
            }
            var offsetMinutes = 0
            guard i < end else { return .failure(fail("expected 'Z' or a ±hh:mm offset")) }
            switch p[i] {
            case 0x5A, 0x7A: // Z z
                i += 1
            case 0x2B, 0x2D: // + -
                let sign = p[i] == 0x2D ? -1 : 1
                i += 1
                guard let oh = digits(2), oh < 24, literal(0x3A), let om = digits(2), om < 60 else {
                    return .failure(fail("expected a ±hh:mm offset"))
                }
                offsetMinutes = sign * (oh * 60 + om)
            default:
                return .failure(fail("expected 'Z' or a ±hh:mm offset"))
            }
            guard i == end else { return .failure(fail("unexpected characters after the timestamp")) }
            let time = base + Int64(second * 1000 + ms) - Int64(offsetMinutes) * 60_000
            guard ValidTime.contains(time) else { return .failure(ScanError(offset: first, message: ValidTime.message)) }
            return .success(time)
        }
    }
}

/// Parses one RFC 3339 timestamp (as in the native format's `ts`), for
/// text outside a metrics line: onsets in expect.yaml, ledger event times.
public func parseRFC3339(_ text: String) -> EventTime? {
    var bytes = Array(text.utf8)
    guard !bytes.isEmpty else { return nil }
    var parser = RFC3339()
    return bytes.withUnsafeMutableBufferPointer { b -> EventTime? in
        guard let base = b.baseAddress else { return nil }
        switch parser.parse(UnsafePointer(base), 0, b.count) {
        case .success(let ms): return EventTime(milliseconds: ms)
        case .failure: return nil
        }
    }
}
