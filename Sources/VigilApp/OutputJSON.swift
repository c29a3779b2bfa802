import VigilCore
import VigilIngest
import VigilSystem
import VigilWording

/// The headless event stream: one JSON object per line, keys in a fixed
/// order, so that two runs over the same input are byte-identical
/// (docs/replay.md documents the fields).
public enum OutputJSON {
    public static func line(for output: CoreOutput) -> String {
        var w = JSONWriter()
        switch output {
        case .alert(let signal, let group, let scope, let at, let detail):
            w.field("at", at.iso8601); w.field("type", "alert"); w.field("signal", signal)
            w.field("group", group); w.field("scope", Wording.scope(scope)); w.field("detail", Wording.statistic(detail))
        case .recovered(let signal, let group, let scope, let at):
            w.field("at", at.iso8601); w.field("type", "recovered"); w.field("signal", signal)
            w.field("group", group); w.field("scope", Wording.scope(scope))
        case .proposal(let p):
            w.field("at", p.createdAt.iso8601); w.field("type", "proposal")
            proposalFields(p, into: &w)
        case .escalation(let page):
            // The first page's line is as before the ladder; later pages add
            // their step, resolves are their own type.
            w.field("at", page.at.iso8601)
            switch page.event {
            case .trigger:
                w.field("type", "escalation"); w.field("proposal", page.proposalID)
                if page.step > 1 { w.field("step", page.step) }
            case .resolve(let reason):
                w.field("type", "resolve"); w.field("proposal", page.proposalID); w.field("reason", reason.rawValue)
            }
            if let hook = page.hook { w.field("hook", hook) }
        case .autoExecute(let id, let at):
            w.field("at", at.iso8601); w.field("type", "auto_execute"); w.field("proposal", id)
        case .snoozeEnded(let id, let at):
            w.field("at", at.iso8601); w.field("type", "snooze_ended"); w.field("proposal", id)
        case .verification(let id, let result, let at):
            w.field("at", at.iso8601); w.field("type", "verification"); w.field("proposal", id)
            w.field("verdict", result.verdict.rawValue); w.field("detail", Wording.verificationFinding(result))
        }
        return w.finish()
    }

    /// A source became unreadable (or missing) or readable again, or a
    /// network source answered for the first time:
    /// `{"type":"source","source":PATH,"status":"unreadable","reason":…}` or
    /// `"status":"ok"`. No event time: a source can fail before any data.
    /// A network source adds what its poller knows (`last_success` is the
    /// wall clock, not event time).
    public static func sourceLine(_ h: SourceHealth) -> String {
        var w = JSONWriter()
        w.field("type", "source"); w.field("source", h.source)
        w.field("status", h.unreadable == nil ? "ok" : "unreadable")
        if let why = h.unreadable { w.field("reason", why) }
        if h.remote {
            w.field("last_success", h.lastSuccess.map { EventTime(milliseconds: $0).iso8601 })
            w.field("latency_ms", h.latencyMilliseconds.map(Double.init))
            w.field("requests", h.requests); w.field("failed_requests", h.failedRequests)
            w.field("records", h.records); w.field("malformed", h.malformed)
        }
        return w.finish()
    }

    public static func decisionLine(_ d: Decision) -> String {
        var w = JSONWriter()
        w.field("at", d.time.iso8601); w.field("type", "decision"); w.field("proposal", d.proposalID)
        w.field("verdict", d.verdict.rawValue); w.field("operator", d.operatorName)
        return w.finish()
    }

    public static func outcomeLine(_ o: ActionOutcome) -> String {
        var w = JSONWriter()
        w.field("at", o.time.iso8601); w.field("type", "outcome"); w.field("proposal", o.proposalID)
        w.field("succeeded", o.succeeded); w.field("detail", o.detail)
        return w.finish()
    }

    static func proposalFields(_ p: Proposal, into w: inout JSONWriter) {
        w.field("id", p.id); w.field("kind", p.action.kind.rawValue)
        w.field("target", p.action.flag); w.field("summary", Wording.summary(p.action))
        w.field("failure_mode", p.failureMode.rawValue); w.field("group", p.group); w.field("signal", p.signal)
        w.field("traffic_percent", p.blastRadius.trafficPercent)
        w.field("requests_per_minute", p.blastRadius.requestsPerMinute)
        if let c = p.cost { w.raw("cost", cost(c)) }
        w.raw("evidence", "[" + p.evidence.map(evidence).joined(separator: ",") + "]")
        w.raw("alternatives", "[" + p.alternatives.map { a in
            var x = JSONWriter()
            x.field("kind", a.action.kind.rawValue); x.field("target", a.action.flag)
            x.field("summary", Wording.summary(a.action)); x.field("reason", Wording.reason(a.reason))
            if let c = a.cost { x.raw("cost", cost(c)) }
            return x.finish()
        }.joined(separator: ",") + "]")
        if let auto = p.autoExecuteAt { w.field("auto_execute_at", auto.iso8601) }
        if let previous = p.followUpOf { w.field("follow_up_of", previous) }
    }

    /// The numbers behind a response's rank (docs/policy.md, "Cost ranking").
    static func cost(_ c: ResponseCost) -> String {
        var w = JSONWriter()
        w.field("declared", c.declared); w.field("requests_per_minute", c.failingPerMinute)
        w.field("wait_s", c.wait.seconds); w.field("harm", c.harm); w.field("total", c.total)
        if c.pinned { w.field("pinned", true) }
        return w.finish()
    }

    static func evidence(_ e: Evidence) -> String {
        var w = JSONWriter()
        w.field("signal", e.signal); w.field("metric", e.metric); w.field("value", e.value)
        w.field("baseline", e.baseline); w.field("threshold", e.threshold); w.field("statistic", Wording.statistic(e.statistic))
        w.field("samples", e.samples); w.field("baseline_samples", e.baselineSamples)
        w.field("since", e.since.iso8601); w.field("deploy", e.deploy.map(Wording.deploy))
        if case .canary(_, _, _, let limit, let low, let high) = e.statistic {
            var i = JSONWriter()
            i.field("low", low); i.field("high", high); i.field("confidence", intervalConfidence(limit: limit))
            w.raw("interval", i.finish())
        }
        if let c = e.changePoint {
            var x = JSONWriter()
            x.field("at", c.time.iso8601); x.field("located", c.located); x.field("before", c.before); x.field("after", c.after)
            w.raw("change_point", x.finish())
        }
        w.raw("changes", "[" + e.changes.map { c in
            var x = JSONWriter()
            x.field("change", Wording.deploy(c.deploy)); x.field("flag", c.deploy.event.flag)
            x.field("at", c.deploy.time.iso8601); x.field("score", c.score)
            switch c.fit {
            case .splitsTraffic: x.field("fit", "splits_traffic")
            case .before(let d): x.field("fit", "before"); x.field("gap_s", d.seconds)
            case .after(let d): x.field("fit", "after"); x.field("gap_s", d.seconds)
            }
            x.field("blamed", c.deploy == e.deploy)
            return x.finish()
        }.joined(separator: ",") + "]")
        return w.finish()
    }
}

/// A minimal JSON object writer with deterministic key order.
struct JSONWriter {
    private var parts: [String] = []

    mutating func field(_ k: String, _ v: String?) {
        parts.append("\(jsonQuoted(k)):\(v.map(jsonQuoted) ?? "null")")
    }
    mutating func field(_ k: String, _ v: Double?) {
        guard let v, v.isFinite else { parts.append("\(jsonQuoted(k)):null"); return }
        parts.append("\(jsonQuoted(k)):\(formatNumber(v, digits: 6))")
    }
    mutating func field(_ k: String, _ v: Int) { parts.append("\(jsonQuoted(k)):\(v)") }
    mutating func field(_ k: String, _ v: Bool) { parts.append("\(jsonQuoted(k)):\(v)") }
    mutating func raw(_ k: String, _ json: String) { parts.append("\(jsonQuoted(k)):\(json)") }
    func finish() -> String { "{" + parts.joined(separator: ",") + "}" }
}


