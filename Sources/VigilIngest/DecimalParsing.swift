/// Converting already-validated decimal numbers (JSON grammar) to values.
///
/// The fast path is Clinger's: up to 15 significant digits and a power of ten
/// up to 22 are both exact doubles, so one multiply or divide rounds correctly.
/// Anything else goes through the standard library's correctly rounded parser.
enum DecimalParsing {
    /// The value of a JSON number in `base[range]`.
    static func double(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Double {
        var i = range.lowerBound
        let end = range.upperBound
        var negative = false
        if i < end, base[i] == 0x2D { negative = true; i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        while i < end, isDigit(base[i]) {
            if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(base[i] &- 0x30)
                if mantissa != 0 { digits += 1 }
            } else {
                exponent += 1
                digits += 1
            }
            i += 1
        }
        if i < end, base[i] == 0x2E {
            i += 1
            while i < end, isDigit(base[i]) {
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(base[i] &- 0x30)
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                } else {
                    digits += 1
                }
                i += 1
            }
        }
        if i < end, base[i] == 0x65 || base[i] == 0x45 {
            i += 1
            var expNegative = false
            if base[i] == 0x2B { i += 1 } else if base[i] == 0x2D { expNegative = true; i += 1 }
            var e = 0
            while i < end, isDigit(base[i]) {
                if e < 100_000 { e = e * 10 + Int(base[i] &- 0x30) }
                i += 1
            }
            exponent += expNegative ? -e : e
        }
        if digits <= 15 && exponent >= -22 && exponent <= 22 {
            var v = Double(mantissa)
            if exponent < 0 { v /= powerOfTen(-exponent) } else if exponent > 0 { v *= powerOfTen(exponent) }
            return negative ? -v : v
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count),
                          as: UTF8.self)
        return Double(text) ?? .nan
    }

    /// 10^e for 0 ≤ e ≤ 22, exact. A table, not a loop of multiplies: the
    /// loop's latency sat on every sample's critical path.
    @inline(__always) static func powerOfTen(_ e: Int) -> Double {
        switch e {
        case 0: return 1e0
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// Epoch seconds (a JSON number) as whole milliseconds, rounded half away
    /// from zero; exact for plain decimals. Nil when out of range.
    static func epochMilliseconds(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Int64? {
        var i = range.lowerBound
        let end = range.upperBound
        var negative = false
        if i < end, base[i] == 0x2D { negative = true; i += 1 }
        var seconds: Int64 = 0
        var intDigits = 0
        while i < end, isDigit(base[i]) {
            seconds = seconds &* 10 &+ Int64(base[i] &- 0x30)
            intDigits += 1
            i += 1
        }
        var ms: Int64 = 0
        var roundUp = false
        if i < end, base[i] == 0x2E {
            i += 1
            var k = 0
            while i < end, isDigit(base[i]) {
                if k < 3 { ms = ms * 10 + Int64(base[i] &- 0x30) } else if k == 3 { roundUp = base[i] >= 0x35 }
                k += 1
                i += 1
            }
            while k < 3 { ms *= 10; k += 1 }
        }
        if i == end && intDigits <= 12 {
            let total = seconds * 1000 + ms + (roundUp ? 1 : 0)
            let signed = negative ? -total : total
            return ValidTime.contains(signed) ? signed : nil
        }
        // Exponent or a huge integer part: go through Double.
        let v = double(base, range) * 1000
        guard v.isFinite, abs(v) < 9.0e15, ValidTime.contains(Int64(v.rounded())) else { return nil }
        return Int64(v.rounded())
    }
}
