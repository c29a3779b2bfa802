import VigilCore

/// Parses the duration syntax of policy files: `500ms`, `60s`, `15m`, `24h`,
/// `2d`, and sums of them such as `1h30m`. A bare number means seconds.
public func parseDuration(_ text: String) -> Duration? {
    try? DurationText.parse(text).get()
}

/// The duration syntax with its reason for refusing a text, so a policy
/// error can say "too long" instead of "not a duration".
public enum DurationText {
    /// The longest span a file may state: 100 years. Far beyond any rollout
    /// window, and far enough below the 2⁶³ ms an event time holds that
    /// adding it to any real time cannot overflow.
    public static let longest = Duration(milliseconds: 100 * 365 * 86_400_000)

    public enum Problem: Error, Equatable { case malformed, tooLong }

    public static func parse(_ text: String) -> Result<Duration, Problem> {
        let s = text.trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return .failure(.malformed) }
        if let seconds = Double(s), seconds.isFinite, seconds >= 0 { return checked(seconds) }
        var total = 0.0
        var number = ""
        var i = s.startIndex
        var sawUnit = false
        while i < s.endIndex {
            let c = s[i]
            if c.isASCII, c.isNumber || c == "." {
                number.append(c)
                i = s.index(after: i)
                continue
            }
            var unit = String(c)
            var j = s.index(after: i)
            if c == "m", j < s.endIndex, s[j] == "s" { unit = "ms"; j = s.index(after: j) }
            guard let n = Double(number), n.isFinite, n >= 0 else { return .failure(.malformed) }
            switch unit {
            case "ms": total += n / 1000
            case "s": total += n
            case "m": total += n * 60
            case "h": total += n * 3600
            case "d": total += n * 86_400
            default: return .failure(.malformed)
            }
            number = ""
            sawUnit = true
            i = j
        }
        guard number.isEmpty, sawUnit else { return .failure(.malformed) }
        return checked(total)
    }

    /// Whole seconds as YAML gives them for a bare integer.
    public static func checked(seconds: Int) -> Result<Duration, Problem> {
        seconds < 0 ? .failure(.malformed) : checked(Double(seconds))
    }

    private static func checked(_ seconds: Double) -> Result<Duration, Problem> {
        guard seconds.isFinite else { return .failure(.tooLong) }
        guard let d = Duration(exactSeconds: seconds), d <= longest else { return .failure(.tooLong) }
        return .success(d)
    }
}

import Foundation
