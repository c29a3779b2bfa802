import VigilCore
import VigilWording

/// Turns model values into the short words and numbers the screens show.
/// One place, so the same thing reads the same way on every screen.
enum Format {
    /// A number in at most `width` columns: as many decimals as fit, then
    /// k/M/G suffixes. "—" for no value.
    static func number(_ value: Double?, width: Int = 7) -> String {
        guard let v = value else { return "—" }
        guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "+Inf" : "-Inf") }
        // Enough decimals for two significant digits of small values (an
        // error rate of 0.0004 must not read as 0), at least three.
        let magnitude = abs(v)
        let wanted = magnitude > 0 && magnitude < 1 ? max(3, -decimalExponent(magnitude) + 1) : 3
        for digits in stride(from: wanted, through: 0, by: -1) {
            let s = formatNumber(v, digits: digits)
            // A byte test: `contains("e")` is Foundation's substring search
            // here, a twentieth of a frame for the numbers a screen shows.
            if s.count <= width && !s.utf8.contains(UInt8(ascii: "e")) && (s != "0" && s != "-0" || v == 0) { return s }
        }
        if magnitude > 0 && magnitude < 1 {
            // Too small for the column: mantissa and exponent, e.g. 4e-7.
            let exponent = decimalExponent(magnitude)
            let scaled = v / pow10(exponent)
            let s = "\(formatNumber(scaled, digits: 0))e\(exponent)"
            if s.count <= width { return s }
            return v > 0 ? "≈0" : "-≈0"
        }
        let units: [(Double, String)] = [(1e3, "k"), (1e6, "M"), (1e9, "G"), (1e12, "T")]
        for (scale, suffix) in units.reversed() where abs(v) >= scale {
            for digits in stride(from: 1, through: 0, by: -1) {
                let s = formatNumber(v / scale, digits: digits) + suffix
                if s.count <= width { return s }
            }
        }
        return v > 0 ? "≫" : "≪"
    }

    /// floor(log10(m)) for 0 < m < 1, without Foundation.
    private static func decimalExponent(_ m: Double) -> Int {
        var e = 0
        var x = m
        while x < 1 && e > -400 { x *= 10; e -= 1 }
        return e
    }

    private static func pow10(_ e: Int) -> Double {
        var r = 1.0
        for _ in 0..<abs(e) { r *= 10 }
        return e < 0 ? 1 / r : r
    }

    /// An age as one unit: `0s`, `42s`, `5m`, `3h`, `2d`. "—" for unknown.
    static func age(_ d: VigilCore.Duration?) -> String {
        guard let d else { return "—" }
        let s = max(0, d.milliseconds / 1000)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86_400 { return "\(s / 3600)h" }
        return "\(s / 86_400)d"
    }

    /// How long ago `time` was in event time, or "—".
    static func age(of time: EventTime?, now: EventTime?) -> String {
        guard let time, let now else { return "—" }
        return age(now.since(time))
    }

    static func speed(_ s: Double) -> String { formatNumber(s, digits: 2) + "×" }

    static func mode(_ m: Mode) -> String {
        switch m {
        case .live: return "● LIVE"
        case .replay(let speed, let paused):
            return paused ? "‖ REPLAY \(Self.speed(speed)) PAUSED" : "▶ REPLAY \(Self.speed(speed))"
        }
    }

    /// `support-agent.model v1 90% / v2 10%`.
    static func flag(_ f: FlagState) -> String {
        guard let canary = f.canary, f.canaryPercent > 0 else {
            return "\(f.flag) \(f.primary) 100%"
        }
        return "\(f.flag) \(f.primary) \(formatNumber(100 - f.canaryPercent, digits: 1))%"
            + " / \(canary) \(formatNumber(f.canaryPercent, digits: 1))%"
    }

    static func bytes(_ n: Int) -> String {
        if n < 1024 { return "\(n) B" }
        if n < 1024 * 1024 { return "\(n / 1024) KB" }
        return "\(n / (1024 * 1024)) MB"
    }

    static func count(_ n: Int) -> String {
        n < 10_000 ? String(n) : number(Double(n), width: 5)
    }

    /// `metrics.om ✓ 1204` or `events ⚠ 3 malformed, lag 12 KB`.
    static func source(_ s: SourceSummary) -> String {
        let problems = sourceProblems(s)
        let mark = sourceGlyph(s)
        let tail = problems.isEmpty ? "" : " " + problems.joined(separator: ", ")
        return "\(s.name) \(mark) \(count(s.records)) rec\(tail)"
    }

    /// A source's state, the same in the header and on the sources screen:
    /// unreadable, read with problems the header warns about, or clean.
    static func sourceGlyph(_ s: SourceSummary) -> String {
        s.unreadable != nil ? Glyph.bad : sourceProblems(s).isEmpty ? Glyph.ok : Glyph.warn
    }

    /// Only what is wrong with a source: `events.jsonl 2 malformed, lag 3 KB`.
    static func sourceProblem(_ s: SourceSummary) -> String {
        "\(s.name) " + sourceProblems(s).joined(separator: ", ")
    }

    /// What the status bar warns about; `h` shows every count.
    static func sourceProblems(_ s: SourceSummary) -> [String] {
        var problems: [String] = []
        if let why = s.unreadable { problems.append("\(Glyph.bad) \(why)") }
        if s.malformed > 0 { problems.append("\(s.malformed) malformed") }
        if s.oversized > 0 { problems.append("\(s.oversized) too long") }
        if s.lagBytes > 0 { problems.append("lag \(bytes(s.lagBytes))") }
        return problems
    }

    static func failureMode(_ m: FailureMode) -> String {
        m.rawValue.replacingUnderscores()
    }

    /// A timeline entry's symbol, word and colour. A unit that could not
    /// judge and whose policy is `hold` is held (shown, not acted on), never
    /// drawn as an alert.
    static func timelineMark(_ e: TimelineEntry) -> (symbol: String, word: String, role: ColorRole) {
        if case .silent(_, _, _, let reason, let policy) = e.fact {
            let symbol = reason == .inconclusive ? Glyph.held : Glyph.noData
            return policy == .hold ? (symbol, "held", .warn) : (symbol, e.kind.rawValue, .bad)
        }
        return (timelineSymbol(e.kind), e.kind.rawValue, timelineRole(e.kind))
    }

    static func timelineSymbol(_ k: TimelineKind) -> String {
        switch k {
        case .deploy: return Glyph.rollout
        case .alert: return Glyph.bad
        case .recovery: return Glyph.ok
        case .proposal: return "?"
        case .decision: return "◆"
        case .outcome: return "⚙"
        case .belief: return "≠"
        }
    }

    static func timelineRole(_ k: TimelineKind) -> ColorRole {
        switch k {
        case .alert, .belief: return .bad
        case .recovery: return .ok
        case .proposal, .decision: return .warn
        case .deploy, .outcome: return .accent
        }
    }
}

/// A signal status as a symbol and a word, so meaning never rests on colour.
struct StatusBadge {
    var text: String
    var role: ColorRole
    var severity: Int

    init(_ s: SignalStatus) {
        switch s {
        case .failing: text = "\(Glyph.bad) FAIL"; role = .bad; severity = 0
        case .breaching: text = "\(Glyph.warn) BREACH"; role = .warn; severity = 1
        case .noData: text = "\(Glyph.noData) NO DATA"; role = .warn; severity = 2
        case .warmingUp: text = "\(Glyph.waiting) WARMING"; role = .muted; severity = 4
        case .ok: text = "\(Glyph.ok) OK"; role = .ok; severity = 5
        }
    }

    /// A signal's badge. A unit inconclusive for longer than its policy
    /// allows is its own state, not "warming up" and not an alert: with
    /// policy `hold` it is HELD (shown, not acted on); with `escalate` or
    /// `fail` INCONCL (the proposal it raised says the rest).
    init(_ s: SignalState) {
        self.init(s.status)
        guard s.status == .warmingUp else { return }
        switch s.statistic {
        case .inconclusive, .inconclusiveFor:
            text = s.inconclusivePolicy == .hold ? "\(Glyph.held) HELD" : "\(Glyph.held) INCONCL"
            role = .warn; severity = 3
        default: break
        }
    }

    static let width = 9
}

/// A proposal status as a symbol and a word.
struct ProposalBadge {
    var text: String
    var role: ColorRole

    init(_ s: ProposalStatus) {
        switch s {
        case .pending: text = "\(Glyph.pending) PENDING"; role = .warn
        case .escalated: text = "\(Glyph.escalated) ESCALATED"; role = .bad
        case .confirmed: text = "\(Glyph.ok) CONFIRMED"; role = .accent
        case .executed: text = "\(Glyph.ok) EXECUTED"; role = .ok
        case .rejected: text = "\(Glyph.bad) REJECTED"; role = .muted
        case .snoozed: text = "\(Glyph.snoozed) SNOOZED"; role = .muted
        case .failed: text = "\(Glyph.bad) FAILED"; role = .bad
        }
    }

    static let width = 11
}

/// Whether an executed action worked, as the core judged it from the signals
/// that caused the proposal: a symbol and a word, so it reads without colour.
struct Verification {
    var badge: String
    var role: ColorRole
    /// What the core found, without the "worked: " the badge already says.
    var detail: String

    /// Nil for proposals whose action has not run.
    init?(_ p: Proposal) {
        switch p.worked {
        case true?:
            badge = "\(Glyph.ok) \(Wording.verdict(.worked))"; role = .ok
            detail = p.verification.map(Wording.verificationFinding) ?? "the signals recovered"
        case false?:
            badge = "\(Glyph.bad) \(Wording.verdict(.notWorking))"; role = .bad
            detail = p.verification.map(Wording.verificationFinding) ?? "still failing with the action in force"
        case nil:
            guard p.status == .executed else { return nil }
            badge = "\(Glyph.waiting) CHECKING"; role = .muted
            let signals = p.evidence.map(\.signal).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            detail = "waiting for " + (signals.isEmpty ? p.signal : signals.joined(separator: ", ")) + " to recover"
        }
    }

    /// `✓ WORKED: policy-accuracy recovered at 10:31:00`
    var line: String { "\(badge): \(detail)" }
}

extension String {
    func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
