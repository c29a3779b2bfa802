import Foundation

/// How long to wait before the next attempt of a failed request.
///
/// Full jitter (a uniform draw up to the exponential bound): many Vigil
/// processes watching one server after it restarts spread their retries
/// instead of knocking together.
public struct Backoff: Sendable, Hashable {
    /// The bound of the first retry, in seconds.
    public var base: Double
    /// No wait is longer than this, in seconds.
    public var cap: Double

    public init(base: Double = 0.5, cap: Double = 30) { self.base = base; self.cap = cap }

    /// The wait before retry number `attempt` (0 for the first), with
    /// `random` uniform in [0, 1).
    public func delay(attempt: Int, random: Double) -> Double {
        let bound = min(cap, base * pow(2, Double(min(attempt, 30))))
        return max(0, min(1, random)) * bound
    }

    /// The wait a `Retry-After` header asks for, in seconds: delta-seconds
    /// (`120`) or an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`) relative to
    /// `now` (seconds since the epoch). Nil when absent or unreadable; a date
    /// in the past is no wait; never more than `limit`.
    public static func retryAfter(_ header: String?, now: Double, limit: Double = 300) -> Double? {
        guard let text = header?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let seconds = Double(text.prefix(12)) else { return nil }
            return min(limit, seconds)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return min(limit, max(0, date.timeIntervalSince1970 - now))
    }
}
