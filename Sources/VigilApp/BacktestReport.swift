import VigilCore
import VigilSystem
import VigilWording

/// Renders backtest results as a scorecard or as the stable JSON format
/// documented in docs/replay.md.
public enum BacktestReport {
    public static func text(_ results: [Backtester.Result]) -> String {
        var out: [String] = []
        for r in results {
            out.append("\(r.passed ? "PASS" : "FAIL")  \(r.incident)  (policy: \(r.policy); \(r.samples) samples, \(r.events) events\(r.malformed > 0 ? ", \(r.malformed) malformed lines" : ""))")
            if r.groupsOverCap > 0 {
                out.append("  over the group cap  \(r.groupsOverCap) groups beyond the first \(r.groupCap) were not judged; their \(r.samplesOverCap) samples were counted (docs/operations.md, Limits)")
            }
            if let names = r.unmatchedMetrics {
                out.append("  WARNING: no signal of the policy matched any sample; nothing was judged.")
                // Names come from the data: no control character reaches a terminal.
                let shown = names.prefix(40)
                out.append("  metrics seen: \(shown.joined(separator: ", "))\(names.count > 40 ? ", … (\(names.count))" : "")")
            }
            if let onset = r.onset { out.append("  onset               \(onset.iso8601)") }
            out.append("  time to proposal    \(r.timeToFirstProposal.map(\.description) ?? (r.onset == nil ? "n/a (no onset)" : "none"))")
            out.append("  proposals           \(r.proposals.count)\(r.falseProposals.isEmpty ? "" : " (\(r.falseProposals.count) before onset)")")
            for p in r.proposals {
                var line = "    \(p.at.clock)  \(p.id)  \(p.kind.rawValue.padding(14))  \(p.failureMode.rawValue.padding(22))  \(p.summary)"
                if !p.escalation, !p.signals.isEmpty { line += "  [\(p.signals.joined(separator: ", "))]" }
                if !p.escalation, let c = p.cause {
                    line += c.change.map { "  after \($0.flag) → \($0.variant)" } ?? "  no change blamed"
                }
                if !p.escalation, let status = p.status, status != .pending { line += "  (\(status.rawValue))" }
                if r.isBeforeOnset(p) { line += "  BEFORE ONSET" }
                out.append(line)
                if p.ranking.count > 1 || p.ranking.first?.cost?.pinned == true {
                    out.append("        ranked: " + p.ranking.map { a in
                        "\(a.action.kind.rawValue) " + (a.cost.map { c in
                            (c.total.map(Wording.count) ?? "?") + (c.pinned ? " (kept first by rule)" : "")
                        } ?? "?")
                    }.joined(separator: " · ") + (p.ranking.compactMap(\.cost).first?.failingPerMinute.map {
                        "  (\(Wording.count($0)) requests/min affected)"
                    } ?? ""))
                }
                for e in p.evidence {
                    out.append("              evidence  \(e.signal): \(Wording.statistic(e.statistic))")
                    if let c = e.changePoint { out.append("                        \(Wording.changePoint(c))") }
                    out.append("                        \(Wording.blame(e))")
                }
            }
            for c in r.checks {
                out.append("  \(c.met ? "✓" : "✗") \(c.kind.padding(8)) \(c.rule): \(c.detail)")
            }
            out.append("  error-rate-only     \(r.baseline.count) proposals\(r.baseline.first.map { ", first at \($0.at.clock): \($0.summary)" } ?? "")")
            out.append("")
        }
        let passed = results.filter(\.passed).count
        out.append("\(passed) passed, \(results.count - passed) failed")
        // Incident names, summaries and details carry labels from the data.
        return out.map(TextSanitizer.clean).joined(separator: "\n")
    }

    public static func json(_ results: [Backtester.Result]) -> String {
        let items = results.map { r -> String in
            var w = JSONWriter()
            w.field("incident", r.incident)
            w.field("policy", r.policy)
            w.field("onset", r.onset?.iso8601)
            w.field("time_to_first_proposal_s", r.timeToFirstProposal?.seconds)
            w.raw("proposals", "[" + r.proposals.map { proposal($0, beforeOnset: r.isBeforeOnset($0)) }.joined(separator: ",") + "]")
            w.raw("expectations", "[" + r.checks.map { c in
                var x = JSONWriter()
                x.field("kind", c.kind); x.field("rule", c.rule); x.field("met", c.met); x.field("detail", c.detail)
                return x.finish()
            }.joined(separator: ",") + "]")
            var b = JSONWriter()
            b.field("policy", "error-rate-only")
            b.raw("proposals", "[" + r.baseline.map { proposal($0, beforeOnset: r.isBeforeOnset($0)) }.joined(separator: ",") + "]")
            w.raw("baseline", b.finish())
            if r.groupsOverCap > 0 {
                var c = JSONWriter()
                c.field("cap", r.groupCap); c.field("groups", r.groupsOverCap)
                c.field("samples", r.samplesOverCap)
                w.raw("over_group_cap", c.finish())
            }
            if let names = r.unmatchedMetrics {
                w.raw("unmatched_metrics", "[" + names.map { jsonQuoted($0) }.joined(separator: ",") + "]")
            }
            w.field("passed", r.passed)
            return w.finish()
        }
        return "{\"incidents\":[" + items.joined(separator: ",") + "]}"
    }

    static func proposal(_ p: Backtester.ProposalLine, beforeOnset: Bool) -> String {
        var w = JSONWriter()
        w.field("id", p.id); w.field("at", p.at.iso8601); w.field("kind", p.kind.rawValue)
        w.field("target", p.target); w.field("failure_mode", p.failureMode.rawValue); w.field("summary", p.summary)
        if !p.evidence.isEmpty { w.raw("evidence", "[" + p.evidence.map(OutputJSON.evidence).joined(separator: ",") + "]") }
        if p.escalation { w.field("escalation", true) }
        if let c = p.cause { w.raw("cause", cause(c)) }
        if !p.signals.isEmpty { w.raw("signals", "[" + p.signals.map { jsonQuoted($0) }.joined(separator: ",") + "]") }
        if let status = p.status { w.field("status", status.rawValue) }
        if !p.ranking.isEmpty {
            w.raw("ranking", "[" + p.ranking.map { a in
                var x = JSONWriter()
                x.field("kind", a.action.kind.rawValue); x.field("target", a.action.flag)
                if let c = a.cost { x.raw("cost", OutputJSON.cost(c)) }
                return x.finish()
            }.joined(separator: ",") + "]")
        }
        w.field("before_onset", beforeOnset)
        return w.finish()
    }

    static func cause(_ c: Cause) -> String {
        var w = JSONWriter()
        w.field("group", c.group)
        if let change = c.change {
            var x = JSONWriter()
            x.field("flag", change.flag); x.field("variant", change.variant)
            w.raw("change", x.finish())
        } else {
            w.raw("change", "null")
        }
        w.field("mode", c.mode.rawValue)
        return w.finish()
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
