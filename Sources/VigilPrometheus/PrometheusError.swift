import Foundation

/// Why a request to a Prometheus-compatible server gave no data. Each is
/// said in words the operator can act on (the sources screen shows them).
public enum PrometheusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No connection: refused, no route, DNS, TLS handshake.
    case unreachable(String)
    /// No complete answer within the timeout.
    case timeout(seconds: Double)
    /// 401 or 403: the credentials are missing, wrong or not allowed.
    case unauthorized(status: Int, message: String)
    /// 429: the server asks to wait (`Retry-After`, seconds, when it says).
    case rateLimited(retryAfter: Double?)
    /// Another HTTP status (a 5xx, or a 4xx such as a bad query).
    case http(status: Int, message: String)
    /// The body is larger than the source's `max_bytes`.
    case tooLarge(limit: Int)
    /// The body is not the API's JSON shape.
    case badResponse(String)
    /// `"status": "error"`: the server's error type and message (a bad
    /// PromQL expression, a query timeout on the server).
    case server(kind: String, message: String)
    /// The token or password could not be read (a missing environment
    /// variable or file): no request is sent without it.
    case credentials(String)
    /// The source's TLS settings cannot be used (an unreadable CA file).
    case tls(String)

    /// Whether another attempt may succeed (the server or the network may
    /// recover); a bad query or bad credentials will not.
    public var isTransient: Bool {
        switch self {
        case .unreachable, .timeout, .rateLimited: return true
        case .http(let status, _): return status >= 500
        case .unauthorized, .tooLarge, .badResponse, .server, .credentials, .tls: return false
        }
    }

    public var description: String {
        switch self {
        case .unreachable(let why): return "cannot connect: \(why)"
        case .timeout(let s): return "no answer within \(formatSeconds(s))"
        case .unauthorized(let status, let m):
            return "HTTP \(status): not authorized; check the token or password (\(m.isEmpty ? "no message" : m))"
        case .rateLimited(let after):
            return "HTTP 429: rate limited" + (after.map { "; retry after \(formatSeconds($0))" } ?? "")
        case .http(let status, let m): return "HTTP \(status)" + (m.isEmpty ? "" : ": \(m)")
        case .tooLarge(let limit): return "answer larger than \(limit) bytes (max_bytes); narrow the query"
        case .badResponse(let why): return "bad answer: \(why)"
        case .server(let kind, let m): return "server error (\(kind)): \(m)"
        case .credentials(let why): return "credentials: \(why)"
        case .tls(let why): return "TLS: \(why)"
        }
    }
}

func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? "\(Int(s))s" : String(format: "%.1fs", s)
}
