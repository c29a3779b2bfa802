import Dispatch
import Foundation
import VigilCore
import VigilIngest
import VigilWording

/// Runs a recording through the core as fast as the machine allows and
/// scores the proposals against the incident's expectations, beside the
/// error-rate-only floor.
public enum Backtester {
    /// One proposal, or one escalation of an unanswered proposal (the same
    /// id, kind `escalate`, `escalation` true), in the order they happened.
    public struct ProposalLine: Sendable, Hashable {
        public var id: String
        public var at: EventTime
        public var kind: ResponseKind
        public var target: String?
        public var failureMode: FailureMode
        public var summary: String
        /// The proposal's evidence when it was made (none on an escalation line).
        public var evidence: [Evidence] = []
        /// Deployment, blamed change and failure mode; nil for the floor's lines.
        public var cause: Cause?
        /// The signals whose evidence the proposal lists, at the end of the run.
        public var signals: [String] = []
        /// How it ended: pending, rejected, executed, …
        public var status: ProposalStatus?
        public var escalation = false
        /// The responses in ranked order with the numbers behind the order
        /// (the proposed one first); empty for escalation lines.
        public var ranking: [Alternative] = []
    }

    public struct Check: Sendable, Hashable {
        public var rule: String
        public var kind: String   // "expect" | "never" | "baseline"
        public var met: Bool
        public var detail: String
    }

    public struct Result: Sendable {
        public var incident: String
        public var policy: String
        public var onset: EventTime?
        public var proposals: [ProposalLine]
        public var checks: [Check]
        public var baseline: [ProposalLine]
        public var samples: Int
        public var events: Int
        public var malformed: Int
        /// Groups beyond the core's cap (`Governor.groupCap`) and their samples: counted, not judged.
        public var groupCap = 0
        public var groupsOverCap = 0
        public var samplesOverCap = 0
        /// The metric names the recording held, when no signal of the
        /// policy matched any of its samples (nil when one did).
        public var unmatchedMetrics: [String]?
        public var timeToFirstProposal: Duration? {
            guard let onset, let first = proposals.first(where: { $0.at >= onset }) else { return nil }
            return first.at.since(onset)
        }
        public var falseProposals: [ProposalLine] { proposals.filter(isBeforeOnset) }
        /// Proposed before the labelled onset: a false proposal.
        public func isBeforeOnset(_ p: ProposalLine) -> Bool { onset.map { p.at < $0 } ?? false }
        public var passed: Bool { checks.allSatisfy(\.met) }
    }

    /// How much of a decoded recording a default-policy backtest keeps for
    /// its judging pass (about 5 M samples, a 700 MB file of compact
    /// lines); a longer recording is read twice instead.
    public static let keptBatchBudget = 128 << 20

    /// Backtests an incident folder, or a bare recording with the default
    /// policy. With `defaultSignals`, the built-in default signals replace
    /// the incident policy's (its flags, grouping and ladder stay: they are
    /// facts about the deployment, not about detection).
    /// The expectations' `decisions` (what the on-call did) are applied at
    /// their event times unless `scriptedDecisions` is false.
    public static func run(_ input: String, policyPath: String?, defaultSignals: Bool = false,
                           groupCap: Int = Governor.defaultGroupCap, scriptedDecisions: Bool = true,
                           keptBatchBudget: Int = Backtester.keptBatchBudget) throws -> Result {
        var metrics = input
        var policy: Policy?
        var expectations = Expectations.none
        var name = URL(fileURLWithPath: input).lastPathComponent
        if !input.hasSuffix(".jsonl") {
            let bundle = try IncidentBundle.locate(input)
            name = bundle.name
            metrics = bundle.metrics
            if FileManager.default.fileExists(atPath: bundle.policy) {
                policy = try PolicyLoader.load(path: bundle.policy).policy
            }
            if FileManager.default.fileExists(atPath: bundle.expectations) {
                expectations = try Expectations.load(path: bundle.expectations)
            }
        }
        if let policyPath { policy = try PolicyLoader.load(path: policyPath).policy }
        // Without a policy the signals depend on every metric the file
        // holds: the file is decoded once to list them, and the batches are
        // kept (up to `keptBatchBudget`) so the judging pass need not decode
        // it again.
        // The catalog also names the metrics seen if no signal matched.
        var catalog = RecordingCatalog()
        var kept: (batches: [RecordBatch], health: SourceHealth)?
        let catalogFirst = policy == nil || defaultSignals
        if catalogFirst {
            var batches = KeptBatches(budget: keptBatchBudget)
            do {
                let health = try forEachRecordBatch(inFile: metrics) { batch in
                    catalog.observe(batch)
                    batches.keep(batch)
                }
                if !batches.overBudget { kept = (batches.batches, health) }
            } catch { throw CLIError("cannot read \(metrics): \(error)") }
            let defaults = DefaultPolicy.make(for: catalog)
            if var own = policy {
                own.name = "built-in default (flags from \(own.name))"
                own.signals = defaults.signals
                own.rules = []
                own.autoAfter = [:]
                policy = own
            } else {
                policy = defaults
            }
        }
        guard let policy else { throw CLIError("no policy") }

        // Decoding and the two governors run as a pipeline over the machine's
        // cores: chunks of the file decode in parallel, one queue runs the
        // policy, one the error-rate-only floor. Each governor sees every record in file
        // order, so the result is the same as a single loop.
        let judged = GovernorRun(policy: policy, name: "backtest.policy", countsEscalations: true, groupCap: groupCap,
                                 decisions: scriptedDecisions ? expectations.decisions : [])
        // The floor is an error-rate alarm: its proposals count, it has no escalation ladder.
        let floor = GovernorRun(policy: DefaultPolicy.errorRateOnly(), name: "backtest.floor", countsEscalations: false,
                                groupCap: groupCap)
        // The file is decoded in chunks on every core and delivered in file
        // order (or taken from the first pass); each chunk is one batch for
        // both governors.
        var health: SourceHealth
        let judge = { (batch: RecordBatch) in
            if !catalogFirst { catalog.observe(batch) }
            judged.submit(batch)
            floor.submit(batch)
        }
        if let kept {
            health = kept.health
            for batch in kept.batches { judge(batch) }
        } else {
            do { health = try forEachRecordBatch(inFile: metrics, judge) } catch {
                throw CLIError("cannot read \(metrics): \(error)")
            }
        }
        let (proposals, snapshot) = judged.finish()
        let (baseline, _) = floor.finish()
        var result = Result(incident: name, policy: policy.name, onset: expectations.onset, proposals: proposals,
                            checks: [], baseline: baseline, samples: snapshot.samplesApplied,
                            events: snapshot.eventsApplied, malformed: health.malformed)
        result.checks = score(expectations, proposals: proposals, baseline: baseline)
        (result.groupCap, result.groupsOverCap, result.samplesOverCap) =
            (snapshot.groupCap, snapshot.groupsOverCap, snapshot.recordsOverCap)
        if snapshot.samplesApplied > 0 && !snapshot.signals.contains(where: { $0.samples > 0 }) {
            result.unmatchedMetrics = catalog.metrics
        }
        return result
    }

    /// One governor on its own serial queue, fed batches with a bounded number
    /// in flight (memory stays flat however long the recording).
    ///
    /// It acts as a headless replay does, without touching the world: an
    /// `auto_after` countdown that runs out is recorded as done at its event
    /// time before the next record (a replay carries it out on its copy of
    /// the flag file), and scripted decisions are applied before the first
    /// record at or after their time.
    final class GovernorRun: @unchecked Sendable {
        private let queue: DispatchQueue
        private let slots = DispatchSemaphore(value: 4)
        private var core: Governor
        private var lines: [ProposalLine] = []
        private let countsEscalations: Bool
        private var decisions: ArraySlice<Decision>

        init(policy: Policy, name: String, countsEscalations: Bool, groupCap: Int, decisions: [Decision] = []) {
            core = Governor(policy: policy, groupCap: groupCap)
            queue = DispatchQueue(label: name)
            self.countsEscalations = countsEscalations
            self.decisions = decisions.sorted { $0.time < $1.time }[...]
        }

        func submit(_ batch: RecordBatch) {
            guard !batch.isEmpty else { return }
            slots.wait()
            queue.async {
                self.feed(batch)
                self.slots.signal()
            }
        }

        /// Applies a batch in as few calls to the governor as it can: a call
        /// per record would pay a dynamic exclusivity check on `core` each
        /// time, and the batch's columns let the governor route each series
        /// once (figures in docs/performance.md, "the backtester"). It stops
        /// only where a countdown ran out or a scripted decision is due.
        private func feed(_ batch: RecordBatch) {
            var i = batch.startIndex
            while i < batch.endIndex {
                if let d = decisions.first, batch.time(at: i) >= d.time {
                    decisions.removeFirst()
                    take(core.apply(d))
                    if d.verdict == .confirmed {
                        core.apply(ActionOutcome(proposalID: d.proposalID, succeeded: true,
                                                 detail: "backtest: counted as done, nothing changed", time: d.time))
                    }
                    continue
                }
                let (out, next) = core.apply(batch, from: i, before: decisions.first?.time, stops: .afterAutoExecute)
                take(out)
                i = next
            }
        }

        private func take(_ outputs: [CoreOutput]) {
            for o in outputs {
                switch o {
                case .proposal(let p): lines.append(Backtester.line(p))
                case .escalation(let page) where countsEscalations && page.event == .trigger && page.step == 1:
                    // The ladder fired the escalation action for an unanswered proposal.
                    let (id, at) = (page.proposalID, page.at)
                    var line = lines.last { $0.id == id } ?? ProposalLine(
                        id: id, at: at, kind: .escalate, target: nil, failureMode: .infrastructure, summary: "")
                    (line.at, line.kind, line.target, line.escalation, line.ranking, line.evidence) = (at, .escalate, nil, true, [], [])
                    line.summary = "escalate to a human (\(id))"
                    lines.append(line)
                case .autoExecute(let id, let at):
                    core.apply(ActionOutcome(proposalID: id, succeeded: true,
                                             detail: "backtest: counted as done, nothing changed", time: at))
                default: break
                }
            }
        }

        /// Waits for every submitted batch; returns the proposal lines (with
        /// each proposal's signals and status at the end) and the final state.
        func finish() -> ([ProposalLine], CoreSnapshot) {
            queue.sync {
                let snapshot = core.snapshot()
                let byID = Dictionary(snapshot.proposals.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                let done = lines.map { l -> ProposalLine in
                    var l = l
                    if let p = byID[l.id] { l.signals = p.evidence.map(\.signal); l.status = p.status }
                    return l
                }
                return (done, snapshot)
            }
        }
    }

    static func line(_ p: Proposal) -> ProposalLine {
        ProposalLine(id: p.id, at: p.createdAt, kind: p.action.kind, target: p.action.flag,
                     failureMode: p.failureMode, summary: Wording.summary(p.action), evidence: p.evidence,
                     cause: p.cause,
                     signals: p.evidence.map(\.signal), status: p.status,
                     ranking: [Alternative(action: p.action, reason: p.rationale ?? .escalationChangesNothing, cost: p.cost)]
                        + p.alternatives.filter { $0.cost != nil })
    }

    static func score(_ e: Expectations, proposals: [ProposalLine], baseline: [ProposalLine]) -> [Check] {
        var checks: [Check] = []
        func matches(_ r: Expectations.Rule, _ p: ProposalLine) -> Bool {
            r.kinds.contains(p.kind) && (r.target == nil || p.target == r.target)
        }
        for r in e.expect {
            let hit = proposals.first { p in
                guard matches(r, p) else { return false }
                guard let onset = e.onset, let within = r.within else { return true }
                return p.at <= onset.adding(within)
            }
            let detail = hit.map { p in
                "\(p.id) at \(p.at.clock)" + (e.onset.map { " (+\(p.at.since($0)) after onset)" } ?? "")
            } ?? "no matching proposal"
            checks.append(Check(rule: r.text, kind: "expect", met: hit != nil, detail: detail))
        }
        for r in e.never {
            let hit = proposals.first { matches(r, $0) }
            checks.append(Check(rule: r.text, kind: "never", met: hit == nil,
                                detail: hit.map { "\($0.id) at \($0.at.clock): \($0.summary)" } ?? "never proposed"))
        }
        if let wants = e.baselineProposes {
            checks.append(Check(rule: wants ? "error-rate-only floor proposes something" : "error-rate-only floor proposes nothing",
                                kind: "baseline", met: wants == !baseline.isEmpty,
                                detail: "\(baseline.count) proposals under error-rate-only"))
        }
        return checks
    }
}

/// The batches of a decoded file, kept while their samples fit a budget:
/// past it they are dropped (and the file is read again), so a backtest's
/// memory stays bounded however long the recording.
struct KeptBatches {
    let budget: Int
    private(set) var batches: [RecordBatch] = []
    private(set) var bytes = 0
    private(set) var overBudget = false

    init(budget: Int) { self.budget = budget }

    mutating func keep(_ batch: RecordBatch) {
        guard !overBudget else { return }
        bytes += batch.approximateBytes
        if bytes > budget {
            overBudget = true
            batches = []
        } else {
            batches.append(batch)
        }
    }
}
