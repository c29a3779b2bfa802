import VigilCore
import VigilPrometheus
import Yams

/// The policy's `sources:` entries that name a Prometheus-compatible server,
/// and the signals' `query:` keys that ask it (docs/policy.md, "Prometheus
/// sources").
extension NodeReader {
    /// Keys that would put a secret into the policy text: refused, with the
    /// key to use instead.
    static let inlineSecretKeys: [String: String] = [
        "bearer_token": "bearer_token_file or bearer_token_env", "token": "bearer_token_file or bearer_token_env",
        "password": "password_file or password_env", "authorization": "bearer_token_file or bearer_token_env",
        "headers": "bearer_token_file, bearer_token_env or basic_auth",
    ]

    mutating func prometheusSource(_ m: Node.Mapping, url node: Node, index: Int) -> PrometheusSource? {
        checkKeys(m, allowed: Set(["prometheus", "name", "step", "lookback", "timeout", "retries", "max_bytes",
                               "bearer_token_file", "bearer_token_env", "basic_auth", "ca_file", "cert_file", "key_file",
                               "queries"]).union(Self.inlineSecretKeys.keys), context: "prometheus source")
        refuseInlineSecrets(m)
        guard let url = node.string else { fail(node, "'prometheus' must be the server's URL, e.g. http://127.0.0.1:9090"); return nil }
        guard let problem = Self.urlProblem(url) else {
            var source = PrometheusSource(name: string(m["name"], "name") ?? url, baseURL: url)
            if let d = duration(m["step"], "step") {
                if d.milliseconds >= 1000 { source.step = d } else { fail(m["step"], "'step' must be at least 1s") }
            }
            if let d = duration(m["lookback"], "lookback") { source.lookback = d } else { lookbackUnset.insert(index) }
            if let d = duration(m["timeout"], "timeout") {
                if d.milliseconds > 0 { source.timeout = d } else { fail(m["timeout"], "'timeout' must be more than 0s") }
            }
            if let r = m["retries"] {
                if let i = r.int, (0...10).contains(i) { source.retries = i } else { fail(r, "'retries' must be an integer in 0...10") }
            }
            if let b = m["max_bytes"] {
                if let i = b.int, i >= 1024 { source.maxBytes = i } else { fail(b, "'max_bytes' must be an integer ≥ 1024") }
            }
            source.auth = auth(m)
            source.caFile = string(m["ca_file"], "ca_file")
            source.certFile = string(m["cert_file"], "cert_file")
            source.keyFile = string(m["key_file"], "key_file")
            if (source.certFile == nil) != (source.keyFile == nil) {
                fail(m["cert_file"] ?? m["key_file"], "'cert_file' and 'key_file' go together (mutual TLS)")
            }
            if let q = m["queries"] {
                for item in sequence(q, "queries") {
                    guard let qm = item.mapping, let text = qm["query"]?.string, !text.isEmpty else {
                        fail(item, "a query is a mapping with 'query' (PromQL) and optional 'metric'"); continue
                    }
                    checkKeys(qm, allowed: ["query", "metric"], context: "query")
                    source.queries.append(PrometheusQuery(metric: string(qm["metric"], "metric"), promQL: text))
                }
            }
            return source
        }
        fail(node, problem)
        return nil
    }

    private mutating func auth(_ m: Node.Mapping) -> PrometheusAuth {
        var found: [PrometheusAuth] = []
        if let f = string(m["bearer_token_file"], "bearer_token_file") { found.append(.bearer(.file(f))) }
        if let e = string(m["bearer_token_env"], "bearer_token_env") { found.append(.bearer(.environment(e))) }
        if let b = m["basic_auth"] {
            if let bm = b.mapping {
                checkKeys(bm, allowed: ["username", "password_file", "password_env", "password"], context: "basic_auth")
                refuseInlineSecrets(bm)
                let user = string(bm["username"], "username")
                let file = string(bm["password_file"], "password_file")
                let env = string(bm["password_env"], "password_env")
                if let user, let secret: SecretSource = file.map({ .file($0) }) ?? env.map({ .environment($0) }) {
                    found.append(.basic(username: user, password: secret))
                } else {
                    fail(b, "basic_auth needs 'username' and one of 'password_file' or 'password_env'")
                }
            } else { fail(b, "'basic_auth' is a mapping with 'username' and 'password_file' or 'password_env'") }
        }
        if found.count > 1 {
            fail(m["bearer_token_file"] ?? m["bearer_token_env"] ?? m["basic_auth"],
                 "a source authenticates one way: bearer_token_file, bearer_token_env or basic_auth")
        }
        return found.first ?? .none
    }

    private mutating func refuseInlineSecrets(_ m: Node.Mapping) {
        for (k, v) in m {
            guard let key = k.string, let instead = Self.inlineSecretKeys[key] else { continue }
            fail(v, "'\(key)' would put a secret into the policy text (it is copied into incident folders and reviews); use \(instead)")
        }
    }

    /// Why `url` cannot be a server's base URL, or nil.
    static func urlProblem(_ url: String) -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            return "'prometheus' must be an http:// or https:// URL"
        }
        let rest = url.drop(while: { $0 != "/" }).dropFirst(2)
        let authority = rest.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
        if authority.contains("@") {
            return "the URL carries credentials ('user:password@'), which would put a secret into the policy text; use basic_auth with password_file or password_env"
        }
        if authority.isEmpty { return "the URL names no host" }
        if url.contains("?") || url.contains("#") { return "the base URL takes no query or fragment; Vigil adds /api/v1/… itself" }
        if url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            return "the URL contains spaces or control characters"
        }
        return nil
    }
}

extension NodeReader {
    /// Gives each signal's query to its source (the one it names, else the
    /// first), and each source without `lookback` one long enough to warm
    /// its signals' detectors.
    mutating func joinQueries(_ sources: [PrometheusSource], signals: [SignalSpec]) -> [PrometheusSource] {
        var sources = sources
        var signalsOf: [[SignalSpec]] = Array(repeating: [], count: sources.count)
        for q in signalQueries {
            guard !sources.isEmpty else {
                fail(q.node, "signal '\(q.signal)' has a 'query' but no source is a Prometheus server; add one to 'sources', e.g. - prometheus: http://127.0.0.1:9090")
                continue
            }
            let index: Int
            if let name = q.source {
                guard let i = sources.firstIndex(where: { $0.name == name }) else {
                    fail(q.node, "signal '\(q.signal)' names source '\(name)', but no prometheus source has that name")
                    continue
                }
                index = i
            } else { index = 0 }
            let query = PrometheusQuery(metric: q.metric, promQL: q.promQL)
            if !sources[index].queries.contains(query) { sources[index].queries.append(query) }
            if let spec = signals.first(where: { $0.name == q.signal }) { signalsOf[index].append(spec) }
        }
        for i in sources.indices where lookbackUnset.contains(i) {
            sources[i].lookback = Self.warmingLookback(signalsOf[i], step: sources[i].step)
        }
        return sources
    }

    /// History enough for every detector of `signals` to judge at once: a
    /// canary's window, a CUSUM's warm-up samples and window, a PSI's window
    /// and reference, a before/after's window and horizon, an anomaly's 24
    /// samples; at least 1 hour, at most 1 day (an anomaly detector's daily
    /// profile wants days: set `lookback` for it).
    static func warmingLookback(_ signals: [SignalSpec], step: Duration) -> Duration {
        var need: Int64 = Duration.hours(1).milliseconds
        for s in signals {
            switch s.detector {
            case .canary(let c): need = max(need, c.window.milliseconds)
            case .cusum(let c): need = max(need, Int64(c.warmup) * step.milliseconds + c.window.milliseconds)
            case .psi(let p): need = max(need, p.window.milliseconds + p.reference.milliseconds)
            case .beforeAfter(let b): need = max(need, b.window.milliseconds + b.horizon.milliseconds)
            case .anomaly: need = max(need, 24 * step.milliseconds)
            case .threshold(let t): need = max(need, t.sustain.milliseconds)
            case .belief: break
            }
        }
        return Duration(milliseconds: min(need, Duration.hours(24).milliseconds))
    }
}
