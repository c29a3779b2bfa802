/// A recent change in the deployment and how well its timing explains a
/// failure: every change within `recent_change` is weighed, the best is
/// proposed and the others are named beside it.
public struct ChangeExplanation: Hashable, Sendable {
    public enum Fit: Hashable, Sendable {
        /// The flag this change split is what differs between the canary and
        /// its baseline: a canary-only failure can come from nothing else.
        case splitsTraffic
        /// The change came this long before the series changed.
        case before(Duration)
        /// The change came this long after the series changed: it cannot
        /// have started it (it may still make it worse).
        case after(Duration)
    }

    public var deploy: DeployRecord
    /// 0…1, how well the timing explains the failure (`Blame`).
    public var score: Double
    public var fit: Fit

    public init(deploy: DeployRecord, score: Double, fit: Fit) {
        self.deploy = deploy; self.score = score; self.fit = fit
    }
}

/// Ranks the recent changes of a deployment against the estimated time its
/// failing series changed (`ChangePoint`). A change shows in its series
/// within minutes (the next requests it serves), so:
///
/// - a change at or after the end of the onset minute (the estimate's
///   resolution) came *after* the series changed and cannot explain it:
///   score 0;
/// - a change at or shortly before it explains it well; the score falls
///   with the gap, exp(−gap / 5 min): 1 min before 0.82, 5 min 0.37,
///   15 min 0.05, 2 h ≈ 0;
/// - on a canary comparison (or the canary's own variant), the change that
///   split the traffic of a flag still split scores 1: it is the only thing
///   that differs between the two sides.
///
/// The best change is blamed (and a rollback of it may be proposed) only
/// when its score is at least `floor` (0.05, i.e. within 15 minutes);
/// otherwise no change is blamed and the graduated responses treat the
/// failure as having no change to revert. Ties go to the later change, then
/// the flag name: deterministic.
public enum Blame {
    public static let lag = Duration.minutes(5)
    public static let resolution = Duration(milliseconds: MinuteBins.widthMillis)
    public static let floor = 0.05

    /// `changes` newest first; `changedAt` the series' change point;
    /// `splitFlags` the flags whose canary the failing scope is on.
    static func rank(_ changes: [DeployRecord], changedAt: EventTime, splitFlags: [String]) -> [ChangeExplanation] {
        var latestSplit: Set<String> = []
        var out: [ChangeExplanation] = []
        for d in changes {
            if splitFlags.contains(d.event.flag), latestSplit.insert(d.event.flag).inserted {
                out.append(ChangeExplanation(deploy: d, score: 1, fit: .splitsTraffic))
                continue
            }
            // Times are checked on input; saturate anyway rather than wrap.
            let (raw, overflow) = changedAt.milliseconds.subtractingReportingOverflow(d.time.milliseconds)
            let gap = overflow ? (d.time.milliseconds < 0 ? Int64.max : -Int64.max) : raw
            // The onset is a minute [τ, τ + 1m): a change at or after its end
            // came after the series changed.
            if gap <= -resolution.milliseconds {
                out.append(ChangeExplanation(deploy: d, score: 0, fit: .after(Duration(milliseconds: -gap))))
            } else {
                let late = Double(max(0, gap)) / Double(lag.milliseconds)
                out.append(ChangeExplanation(deploy: d, score: exp(-late), fit: .before(Duration(milliseconds: max(0, gap)))))
            }
        }
        // A stable sort on (score, time, flag): the input order never decides.
        return out.enumerated().sorted { a, b in
            if a.element.score != b.element.score { return a.element.score > b.element.score }
            if a.element.deploy.time != b.element.deploy.time { return a.element.deploy.time > b.element.deploy.time }
            if a.element.deploy.event.flag != b.element.deploy.event.flag {
                return a.element.deploy.event.flag < b.element.deploy.event.flag
            }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// The change blamed: the best, when it explains the failure at all.
    static func blamed(_ ranked: [ChangeExplanation]) -> DeployRecord? {
        ranked.first.flatMap { $0.score >= floor ? $0.deploy : nil }
    }
}
