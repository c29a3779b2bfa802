import VigilCore

/// Parses the duration syntax of policy files: `500ms`, `60s`, `15m`, `24h`,
/// `2d`, and sums of them such as `1h30m`. A bare number means seconds.
public func parseDuration(_ text: String) -> Duration? {
    let s = text.trimmingCharacters(in: .whitespaces)
    if s.isEmpty { return nil }
    if let seconds = Double(s), seconds.isFinite, seconds >= 0 { return .seconds(seconds) }
    var total = 0.0
    var number = ""
    var i = s.startIndex
    var sawUnit = false
    while i < s.endIndex {
        let c = s[i]
        if c.isNumber || c == "." {
            number.append(c)
            i = s.index(after: i)
            continue
        }
        var unit = String(c)
        var j = s.index(after: i)
        if c == "m", j < s.endIndex, s[j] == "s" { unit = "ms"; j = s.index(after: j) }
        guard let n = Double(number), n.isFinite, n >= 0 else { return nil }
        switch unit {
        case "ms": total += n / 1000
        case "s": total += n
        case "m": total += n * 60
        case "h": total += n * 3600
        case "d": total += n * 86_400
        default: return nil
        }
        number = ""
        sawUnit = true
        i = j
    }
    guard number.isEmpty, sawUnit else { return nil }
    return .seconds(total)
}

import Foundation
