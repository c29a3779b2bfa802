import VigilCore
import VigilPrometheus
import Yams

/// Walks a YAML node tree and builds the config, recording each problem at
/// the node it came from. Unknown keys are warnings: typos must be visible.
struct NodeReader {
    var problems: [PolicyProblem] = []
    /// The policy file's folder: when set, `flag_file` is read from there and
    /// the flags' variants are checked against it (`FlagVariantCheck`).
    var directory: String?
    /// Each escalation step's `hook` node, for a name `hooks:` lacks.
    var stepHookNodes: [(String, Node)] = []
    /// Each flag's mapping, kept for locating variant problems.
    var flagNodes: [(spec: FlagSpec, node: Node.Mapping)] = []
    /// Signals' `query:` keys, joined to their Prometheus source at the end.
    var signalQueries: [SignalQuery] = []
    /// Prometheus sources (by position) without `lookback`: theirs follows the signals.
    var lookbackUnset: Set<Int> = []

    struct SignalQuery {
        var signal: String
        var metric: String
        var promQL: String
        var source: String?
        var node: Node
    }

    mutating func fail(_ node: Node?, _ message: String, _ severity: PolicyProblem.Severity = .error) {
        let m = node?.mark
        problems.append(PolicyProblem(line: m?.line ?? 1, column: m?.column ?? 1, message: message, severity: severity))
    }

    mutating func config(_ root: Node) -> VigilConfig? {
        guard let map = root.mapping else { fail(root, "the top level must be a mapping of keys"); return nil }
        checkKeys(map, allowed: ["name", "group_by", "recent_change", "escalate_after", "escalation", "flags", "hooks",
                                 "signals", "rules", "traffic_metric", "verify_after", "reject_mute", "costs", "sources",
                                 "flag_file", "ledger", "theme", "live_lag", "bell", "title", "mouse"],
                  context: "policy")
        let name = string(map["name"], "name") ?? "unnamed policy"
        let groupBy = string(map["group_by"], "group_by") ?? "deployment"
        let recent = duration(map["recent_change"], "recent_change") ?? .hours(24)
        var escalate: Duration? = .minutes(15)
        if let node = map["escalate_after"] {
            escalate = node.string == "never" ? nil : duration(node, "escalate_after")
        }
        var ladder: EscalationLadder?
        if let node = map["escalation"] {
            if map["escalate_after"] != nil {
                fail(node, "use either 'escalation' (the ladder) or 'escalate_after' (its one-step shorthand), not both")
            }
            ladder = escalation(node)
        }
        var flags: [FlagSpec] = []
        if let fl = map["flags"] {
            for node in sequence(fl, "flags") { if let f = flag(node) { flags.append(f) } }
        }
        var signals: [SignalSpec] = []
        var autoAfter: [String: Duration] = [:]
        if let s = map["signals"] {
            for node in sequence(s, "signals") {
                if let (spec, auto) = signal(node) {
                    if signals.contains(where: { $0.name == spec.name }) {
                        fail(node, "signal name '\(spec.name)' is used twice; names must be unique")
                    }
                    signals.append(spec)
                    if let a = auto { autoAfter[spec.name] = a }
                }
            }
        } else {
            fail(root, "no 'signals': a policy must watch at least one signal")
        }
        var hooks: [ResponseKind: [String]] = [:]
        var namedHooks: [String: [String]] = [:]
        let stepHooks = Set(ladder?.steps.compactMap(\.hook) ?? [])
        if let h = map["hooks"] {
            if let hm = h.mapping {
                for (k, v) in hm {
                    guard let key = k.string, ResponseKind(rawValue: key) != nil || stepHooks.contains(key) else {
                        fail(k, "unknown action kind '\(k.string ?? "?")' in hooks; use one of \(ResponseKind.allCases.map(\.rawValue).joined(separator: ", ")), or a name an escalation step's 'hook' uses")
                        continue
                    }
                    let argv = sequence(v, "hooks.\(key)").compactMap { $0.string }
                    if argv.isEmpty { fail(v, "hooks.\(key) must be a non-empty list: the program and its arguments (no shell)") }
                    if let kind = ResponseKind(rawValue: key) { hooks[kind] = argv } else { namedHooks[key] = argv }
                }
            } else { fail(h, "'hooks' must map an action kind to an argv list") }
        }
        for (name, node) in stepHookNodes where namedHooks[name] == nil && ResponseKind(rawValue: name) != .escalate {
            fail(node, "escalation step names hook '\(name)', which 'hooks' does not define; add hooks: {\(name): [program, args…]}")
        }
        var sources: [VigilConfig.Source] = []
        var prometheus: [PrometheusSource] = []
        if let s = map["sources"] {
            for node in sequence(s, "sources") {
                if let p = node.string { sources.append(.init(path: p, format: "jsonl")); continue }
                if let m = node.mapping, let url = m["prometheus"] {
                    if let source = prometheusSource(m, url: url, index: prometheus.count) {
                        if prometheus.contains(where: { $0.name == source.name }) {
                            fail(node, "two prometheus sources are named '\(source.name)'; give each its own 'name'")
                        }
                        prometheus.append(source)
                    }
                    continue
                }
                guard let m = node.mapping, let p = m["path"]?.string else {
                    fail(node, "a source is a path, a mapping with 'path' and optional 'format', or one with 'prometheus' (a server's URL)")
                    continue
                }
                checkKeys(m, allowed: ["path", "format", "quantiles"], context: "source")
                let format = m["format"]?.string ?? "jsonl"
                if !["jsonl", "prometheus", "openmetrics", "otlp"].contains(format) {
                    fail(m["format"], "unknown format '\(format)'; use jsonl, prometheus, openmetrics or otlp")
                }
                var source = VigilConfig.Source(path: p, format: format)
                if let q = m["quantiles"] {
                    for item in sequence(q, "quantiles") {
                        if let v = number(item, "quantile"), v >= 0, v <= 1 { source.quantiles.append(v) } else {
                            fail(item, "a quantile is a number between 0 and 1, e.g. 0.95")
                        }
                    }
                }
                sources.append(source)
            }
        }
        var policy = Policy(name: name, groupBy: groupBy, signals: signals, flags: flags,
                            recentChange: recent, escalateAfter: escalate)
        if map["escalation"] != nil { policy.escalation = ladder }
        policy.autoAfter = autoAfter
        if let t = string(map["traffic_metric"], "traffic_metric") { policy.trafficMetric = t }
        if let v = duration(map["verify_after"], "verify_after") { policy.verifyAfter = v }
        if let v = duration(map["reject_mute"], "reject_mute") { policy.rejectMute = v }
        if let c = map["costs"] { costs(c, into: &policy.costs) }
        if let r = map["rules"] {
            for node in sequence(r, "rules") {
                if let rule = compositeRule(node, known: Set(signals.map(\.name))) { policy.rules.append(rule) }
            }
        }
        let flagFile = string(map["flag_file"], "flag_file")
        if let flagFile, let directory { checkVariants(flagFile: flagFile, node: map["flag_file"], directory: directory) }
        var config = VigilConfig(policy: policy, hooks: hooks, sources: sources,
                                 flagFile: flagFile,
                                 ledger: string(map["ledger"], "ledger"), theme: string(map["theme"], "theme"))
        if let lag = duration(map["live_lag"], "live_lag") { config.liveLag = lag }
        config.namedHooks = namedHooks
        config.bell = bool(map["bell"], "bell")
        config.title = bool(map["title"], "title")
        config.mouse = bool(map["mouse"], "mouse")
        config.prometheus = joinQueries(prometheus, signals: signals)
        return config
    }

    /// `costs: {rollback: 5000, traffic_shift: 300, …}`: what each response
    /// costs, in failed requests (docs/policy.md, "Cost ranking").
    mutating func costs(_ node: Node, into costs: inout [ResponseKind: Double]) {
        guard let m = node.mapping else {
            fail(node, "'costs' maps a response kind to its cost in failed requests, e.g. {rollback: 5000}")
            return
        }
        for (k, v) in m {
            guard let key = k.string, let kind = ResponseKind(rawValue: key) else {
                fail(k, "unknown response kind '\(k.string ?? "?")' in costs; use one of \(ResponseKind.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            guard let value = number(v, "costs.\(key)") else { continue }
            guard value >= 0, value <= 1e12 else {
                fail(v, "costs.\(key) must be between 0 and 1e12 failed requests")
                continue
            }
            costs[kind] = value
        }
    }

    mutating func compositeRule(_ node: Node, known: Set<String>) -> CompositeRule? {
        guard let m = node.mapping else { fail(node, "a rule is a mapping with 'name' and 'all' or 'any'"); return nil }
        checkKeys(m, allowed: ["name", "all", "any"], context: "rule")
        let name = string(m["name"], "rule name") ?? "rule"
        let combinator: CompositeRule.Combinator
        let list: Node
        switch (m["all"], m["any"]) {
        case (let a?, nil): combinator = .all; list = a
        case (nil, let a?): combinator = .any; list = a
        default:
            fail(node, "rule '\(name)' needs exactly one of 'all' or 'any' (a list of signal names)")
            return nil
        }
        var names: [String] = []
        for item in sequence(list, "rule \(name)") {
            guard let s = item.string else { fail(item, "signal names in rules are strings"); continue }
            if !known.contains(s) { fail(item, "rule '\(name)' names unknown signal '\(s)'") }
            names.append(s)
        }
        if names.isEmpty { fail(list, "rule '\(name)' names no signals") }
        return CompositeRule(name: name, combinator: combinator, signals: names)
    }

    mutating func flag(_ node: Node) -> FlagSpec? {
        guard let m = node.mapping else { fail(node, "a flag is a mapping with at least 'name'"); return nil }
        checkKeys(m, allowed: ["name", "deployment", "role", "fallback", "secondary", "off_variant"], context: "flag")
        guard let name = string(m["name"], "flag name") else { fail(node, "a flag needs a 'name'"); return nil }
        var spec = FlagSpec(name: name, deployment: string(m["deployment"], "deployment"),
                            fallbackVariant: string(m["fallback"], "fallback"))
        if let r = m["role"] {
            if let role = r.string.flatMap(FlagRole.init(rawValue:)) { spec.role = role } else {
                fail(r, "unknown flag role '\(r.string ?? "?")'; use model, prompt, config or capability")
            }
        }
        spec.secondaryVariant = string(m["secondary"], "secondary")
        spec.offVariant = string(m["off_variant"], "off_variant")
        if spec.offVariant != nil && spec.role != .capability {
            fail(m["off_variant"], "off_variant is for capability flags (role: capability); flag '\(name)' is a \(spec.role.rawValue) flag", .warning)
        }
        flagNodes.append((spec, m))
        return spec
    }

    mutating func signal(_ node: Node) -> (SignalSpec, Duration?)? {
        guard let m = node.mapping else { fail(node, "a signal is a mapping with 'name', 'metric' and 'detector'"); return nil }
        checkKeys(m, allowed: ["name", "metric", "family", "match", "critical", "no_data", "stale_after",
                               "inconclusive", "inconclusive_after", "auto_after", "detector", "query", "source"], context: "signal")
        guard let name = string(m["name"], "signal name") else { fail(node, "a signal needs a 'name'"); return nil }
        let metric = string(m["metric"], "metric")
        let detectorNode = m["detector"]
        if metric == nil, detectorNode?.mapping?["type"]?.string != "belief" {
            fail(node, "signal '\(name)' needs a 'metric'")
            return nil
        }
        var family = metric.flatMap(SignalFamily.byPrefix)
        if let f = m["family"] {
            if let parsed = f.string.flatMap(SignalFamily.init(rawValue:)) { family = parsed } else {
                fail(f, "unknown family '\(f.string ?? "?")'; use infrastructure, quality, behavioral or drift")
            }
        }
        var match = Labels()
        if let mm = m["match"] {
            if let map = mm.mapping {
                for (k, v) in map { if let ks = k.string, let vs = v.string { match = match.setting(ks, vs) } }
            } else { fail(mm, "'match' must map label names to values") }
        }
        var noData = NoDataPolicy.hold
        if let nd = m["no_data"] {
            if let p = nd.string.flatMap(NoDataPolicy.init(rawValue:)) { noData = p } else {
                fail(nd, "unknown no_data policy '\(nd.string ?? "?")'; use hold, escalate or fail")
            }
        }
        guard let dn = detectorNode else { fail(node, "signal '\(name)' needs a 'detector'"); return nil }
        guard let detector = detector(dn, signal: name) else { return nil }
        if case .belief = detector { family = family ?? .drift }
        guard let fam = family else {
            fail(m["metric"], "cannot tell the family of '\(metric ?? name)' from its name; set 'family'")
            return nil
        }
        var spec = SignalSpec(name: name, metric: metric ?? "", family: fam, match: match, detector: detector,
                              critical: m["critical"]?.bool ?? false, noData: noData,
                              staleAfter: duration(m["stale_after"], "stale_after"))
        if let ic = m["inconclusive"] {
            if let p = ic.string.flatMap(NoDataPolicy.init(rawValue:)) { spec.inconclusive = p } else {
                fail(ic, "unknown inconclusive policy '\(ic.string ?? "?")'; use hold, escalate or fail")
            }
        }
        if let d = duration(m["inconclusive_after"], "inconclusive_after") { spec.inconclusiveAfter = d }
        if let q = m["query"] {
            if let text = q.string, !text.isEmpty {
                signalQueries.append(SignalQuery(signal: name, metric: spec.metric, promQL: text,
                                                 source: string(m["source"], "source"), node: q))
            } else { fail(q, "'query' must be a PromQL expression, e.g. avg by (deployment, variant) (quality_score)") }
        } else if let s = m["source"] {
            fail(s, "'source' names the Prometheus source of the signal's 'query'; this signal has no query")
        }
        return (spec, duration(m["auto_after"], "auto_after"))
    }

    mutating func detector(_ node: Node, signal: String) -> DetectorSpec? {
        guard let m = node.mapping, let type = m["type"]?.string else {
            fail(node, "signal '\(signal)': detector needs a 'type' (threshold, canary, cusum, psi, anomaly, before_after or belief)")
            return nil
        }
        func dir() -> Direction? {
            guard let d = m["direction"] else { fail(node, "signal '\(signal)': detector needs 'direction' (higher_is_worse or lower_is_worse)"); return nil }
            guard let v = d.string.flatMap(Direction.init(rawValue:)) else {
                fail(d, "unknown direction '\(d.string ?? "?")'; use higher_is_worse or lower_is_worse"); return nil
            }
            return v
        }
        switch type {
        case "threshold":
            checkKeys(m, allowed: ["type", "direction", "value", "for", "m", "n", "recover", "min_samples"],
                      context: "threshold detector")
            guard let d = dir() else { return nil }
            guard let v = number(m["value"], "value") else { fail(node, "threshold detector needs a numeric 'value'"); return nil }
            var spec = ThresholdSpec(value: v, direction: d, sustain: duration(m["for"], "for") ?? .zero)
            if let n = m["min_samples"] {
                if let i = n.int, i >= 1 { spec.minSamples = i } else { fail(n, "min_samples must be an integer ≥ 1") }
            }
            if let r = number(m["recover"], "recover") {
                let better = d == .higherIsWorse ? r <= v : r >= v
                if better { spec.recover = r } else { fail(m["recover"], "recover must be at or on the good side of 'value'") }
            }
            if let mm = m["m"], let nn = m["n"] {
                guard let mv = mm.int, let nv = nn.int, mv >= 1, nv >= mv, nv <= 100_000 else {
                    fail(mm, "'m' and 'n' must be integers with 1 ≤ m ≤ n ≤ 100000"); return nil
                }
                spec.mOfN = (mv, nv)
            }
            return .threshold(spec)
        case "canary":
            checkKeys(m, allowed: ["type", "direction", "window", "min_samples", "min_effect", "alpha", "z",
                                   "variant_label", "canary"], context: "canary detector")
            guard let d = dir() else { return nil }
            var c = CanarySpec(direction: d)
            if let w = duration(m["window"], "window") { c.window = w }
            if let n = m["min_samples"] { if let i = n.int, i >= 2 { c.minSamples = i } else { fail(n, "min_samples must be an integer ≥ 2") } }
            if let e = number(m["min_effect"], "min_effect") { c.minEffect = e }
            if let a = number(m["alpha"], "alpha") {
                if a > 0 && a < 1 { c.alpha = a } else { fail(m["alpha"], "alpha must be in (0, 1)") }
            }
            if let z = number(m["z"], "z") { c.zScore = z }
            if let l = string(m["variant_label"], "variant_label") { c.variantLabel = l }
            if let v = string(m["canary"], "canary") { c.canaryValue = v }
            return .canary(c)
        case "cusum":
            checkKeys(m, allowed: ["type", "direction", "k", "h", "warmup", "reference", "window", "min_sigma", "min_shift",
                                   "variant_label", "canary"], context: "cusum detector")
            guard let d = dir() else { return nil }
            var c = CusumSpec(direction: d)
            if let k = number(m["k"], "k") { c.slack = k }
            if let h = number(m["h"], "h") { c.threshold = h }
            if let w = m["warmup"] { if let i = w.int, i >= 10 { c.warmup = i } else { fail(w, "warmup must be an integer ≥ 10") } }
            if let r = m["reference"] {
                if let v = r.string.flatMap(CusumSpec.Reference.init(rawValue:)) { c.reference = v } else {
                    fail(r, "reference must be auto or own")
                }
            }
            if let w = duration(m["window"], "window") { c.window = w }
            if let s = number(m["min_sigma"], "min_sigma") {
                if s >= 0 { c.minSigma = s } else { fail(m["min_sigma"], "min_sigma must be ≥ 0") }
            }
            if let s = number(m["min_shift"], "min_shift") {
                if s >= 0 { c.minShift = s } else { fail(m["min_shift"], "min_shift must be ≥ 0") }
            }
            if let l = string(m["variant_label"], "variant_label") { c.variantLabel = l }
            if let v = string(m["canary"], "canary") { c.canaryValue = v }
            return .cusum(c)
        case "psi":
            checkKeys(m, allowed: ["type", "window", "reference", "bins", "min", "max", "threshold",
                                   "js_threshold", "wasserstein_threshold", "recover", "compare", "min_samples"],
                      context: "psi detector")
            var p = PSISpec()
            if let w = duration(m["window"], "window") { p.window = w }
            if let r = duration(m["reference"], "reference") { p.reference = r }
            if let b = m["bins"] { if let i = b.int, i >= 2, i <= 100 { p.bins = i } else { fail(b, "bins must be an integer in 2...100") } }
            if let lo = number(m["min"], "min") { p.lower = lo }
            if let hi = number(m["max"], "max") { p.upper = hi }
            if p.upper <= p.lower { fail(node, "psi detector: 'max' must be greater than 'min'") }
            if let t = number(m["threshold"], "threshold") { p.threshold = t }
            if let j = number(m["js_threshold"], "js_threshold") { p.jsThreshold = j }
            if let w = number(m["wasserstein_threshold"], "wasserstein_threshold") { p.wassersteinThreshold = w }
            if let r = number(m["recover"], "recover") {
                if r <= p.threshold { p.recover = r } else { fail(m["recover"], "recover must be ≤ threshold") }
            }
            if let n = m["min_samples"] { if let i = n.int, i >= 10 { p.minSamples = i } else { fail(n, "min_samples must be an integer ≥ 10") } }
            if let c = m["compare"] {
                if let v = c.string.flatMap(PSISpec.Comparison.init(rawValue:)) { p.comparison = v } else {
                    fail(c, "compare must be canary_vs_baseline or window_vs_reference")
                }
            }
            return .psi(p)
        case "anomaly":
            checkKeys(m, allowed: ["type", "direction", "count"], context: "anomaly detector")
            var a = AnomalySpec()
            if let d = m["direction"] {
                guard let v = d.string.flatMap(AnomalyDirection.init(rawValue:)) else {
                    fail(d, "unknown direction '\(d.string ?? "?")'; use higher_is_worse, lower_is_worse or both")
                    return nil
                }
                a.direction = v
            }
            if let c = string(m["count"], "count") { a.countMetric = c }
            return .anomaly(a)
        case "before_after":
            checkKeys(m, allowed: ["type", "direction", "window", "horizon", "min_samples", "min_effect", "alpha"],
                      context: "before_after detector")
            guard let d = dir() else { return nil }
            var b = BeforeAfterSpec(direction: d)
            if let w = duration(m["window"], "window") { b.window = w }
            if let h = duration(m["horizon"], "horizon") { b.horizon = h }
            if let n = m["min_samples"] { if let i = n.int, i >= 2 { b.minSamples = i } else { fail(n, "min_samples must be an integer ≥ 2") } }
            if let e = number(m["min_effect"], "min_effect") { b.minEffect = e }
            if let a = number(m["alpha"], "alpha") {
                if a > 0 && a < 1 { b.alpha = a } else { fail(m["alpha"], "alpha must be in (0, 1)") }
            }
            return .beforeAfter(b)
        case "belief":
            checkKeys(m, allowed: ["type"], context: "belief detector")
            return .belief
        default:
            fail(m["type"], "unknown detector type '\(type)'; use threshold, canary, cusum, psi, anomaly, before_after or belief")
            return nil
        }
    }

    // MARK: Scalars

    mutating func checkKeys(_ m: Node.Mapping, allowed: Set<String>, context: String) {
        for k in m.keys {
            guard let s = k.string else { fail(k, "keys must be strings"); continue }
            if !allowed.contains(s) {
                fail(k, "unknown key '\(s)' in \(context); known keys: \(allowed.sorted().joined(separator: ", "))", .warning)
            }
        }
    }

    mutating func string(_ node: Node?, _ what: String) -> String? {
        guard let node else { return nil }
        guard let s = node.scalar?.string else { fail(node, "'\(what)' must be a string"); return nil }
        return s
    }

    mutating func bool(_ node: Node?, _ what: String) -> Bool? {
        guard let node else { return nil }
        guard let b = node.bool else { fail(node, "'\(what)' must be true or false"); return nil }
        return b
    }

    mutating func number(_ node: Node?, _ what: String) -> Double? {
        guard let node else { return nil }
        guard let v = node.float ?? node.int.map(Double.init), v.isFinite else {
            fail(node, "'\(what)' must be a number"); return nil
        }
        return v
    }

    mutating func duration(_ node: Node?, _ what: String) -> Duration? {
        guard let node else { return nil }
        let parsed: Result<Duration, DurationText.Problem>
        if let i = node.int { parsed = DurationText.checked(seconds: i) } else if let s = node.string {
            parsed = DurationText.parse(s)
        } else { parsed = .failure(.malformed) }
        switch parsed {
        case .success(let d): return d
        case .failure(.tooLong):
            fail(node, "'\(what)' is too long: at most \(DurationText.longest) (100 years)"); return nil
        case .failure(.malformed):
            fail(node, "'\(what)' must be a duration such as 90s, 15m, 24h or 1h30m"); return nil
        }
    }

    mutating func sequence(_ node: Node, _ what: String) -> [Node] {
        guard let s = node.sequence else { fail(node, "'\(what)' must be a list"); return [] }
        return Array(s)
    }
}
