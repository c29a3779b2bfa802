import VigilCore

/// Where a secret comes from. Never the policy text: a policy is read,
/// copied into incident folders and pasted into tickets, so a token in it
/// leaks (`vigil check` rejects one written inline).
public enum SecretSource: Sendable, Hashable {
    /// The value of an environment variable.
    case environment(String)
    /// The contents of a file (trailing newline removed), read at every
    /// request so a rotated token is picked up.
    case file(String)
}

/// How requests to a Prometheus-compatible server authenticate.
public enum PrometheusAuth: Sendable, Hashable {
    case none
    /// `Authorization: Bearer <token>`.
    case bearer(SecretSource)
    /// `Authorization: Basic base64(username:password)`.
    case basic(username: String, password: SecretSource)
}

/// One PromQL expression whose result's series become Vigil series.
public struct PrometheusQuery: Sendable, Hashable {
    /// The Vigil metric the series get; nil: each series' own `__name__`.
    public var metric: String?
    public var promQL: String

    public init(metric: String?, promQL: String) { self.metric = metric; self.promQL = promQL }
}

/// A Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, Cortex,
/// VictoriaMetrics) as a source: what to ask, how often, and how to connect.
public struct PrometheusSource: Sendable, Hashable {
    /// Shown on the sources screen and in the headless stream.
    public var name: String
    /// The server's base URL, `http(s)://host:port[/prefix]`, without `/api/v1`.
    public var baseURL: String
    /// The range queries' resolution and the polling interval (polls are
    /// aligned to multiples of it).
    public var step: Duration = .seconds(15)
    /// How much history the first poll reads, to warm every detector.
    public var lookback: Duration = .hours(1)
    /// The whole request's deadline, connection included.
    public var timeout: Duration = .seconds(10)
    /// Further attempts after a failed request (connection refused, timeout,
    /// 5xx, 429), with jittered exponential backoff.
    public var retries: Int = 2
    /// The largest response body accepted; a larger one is an error.
    public var maxBytes: Int = 64 << 20
    public var auth: PrometheusAuth = .none
    /// PEM file of the certificate authorities trusted for `https` (instead
    /// of the system's).
    public var caFile: String?
    /// Client certificate and key (PEM) for servers that require mutual TLS.
    public var certFile: String?
    public var keyFile: String?
    public var queries: [PrometheusQuery] = []

    public init(name: String, baseURL: String) { self.name = name; self.baseURL = baseURL }
}

extension PrometheusSource {
    /// The source with every file it names (CA, certificate, key, token or
    /// password file) passed through `resolve` (a policy's relative paths are
    /// relative to its folder).
    public func resolvingFiles(_ resolve: (String) -> String) -> PrometheusSource {
        var s = self
        s.caFile = caFile.map(resolve)
        s.certFile = certFile.map(resolve)
        s.keyFile = keyFile.map(resolve)
        switch auth {
        case .bearer(.file(let f)): s.auth = .bearer(.file(resolve(f)))
        case .basic(let user, .file(let f)): s.auth = .basic(username: user, password: .file(resolve(f)))
        default: break
        }
        return s
    }
}
