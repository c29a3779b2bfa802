import Foundation
import VigilCore
import VigilIngest
import Yams

/// `expect.yaml`: what a policy must propose for an incident, by when after
/// the onset, and what it must never propose (docs/replay.md).
public struct Expectations: Sendable {
    public struct Rule: Sendable, Hashable {
        public var kinds: [ResponseKind]
        public var target: String?
        public var within: Duration?

        /// True when the proposal's first-ranked action matches this rule.
        func matches(_ p: Proposal) -> Bool {
            kinds.contains(p.action.kind) && (target == nil || p.action.flag == target)
        }

        var text: String {
            let k = kinds.map(\.rawValue).joined(separator: "|")
            return "\(k)\(target.map { " of \($0)" } ?? "")\(within.map { " within \($0)" } ?? "")"
        }
    }

    public var incident: String
    public var onset: EventTime?
    public var expect: [Rule]
    public var never: [Rule]
    /// What the error-rate-only floor should do: nil (unchecked), false (nothing), true (something).
    public var baselineProposes: Bool?
    /// What the on-call did, at event times (e.g. rejected a false alarm):
    /// a backtest applies them, so a recording can test what follows a decision.
    public var decisions: [Decision] = []

    public static let none = Expectations(incident: "", onset: nil, expect: [], never: [], baselineProposes: nil)

    public static func load(path: String) throws -> Expectations {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CLIError("cannot read \(path)")
        }
        guard let root = try Yams.compose(yaml: text)?.mapping else {
            throw CLIError("\(path): expected a mapping with incident, onset, expect and never")
        }
        var e = Expectations.none
        e.incident = root["incident"]?.string ?? ""
        if let onset = root["onset"]?.string {
            guard let t = parseTimestamp(onset) else { throw CLIError("\(path): onset '\(onset)' is not an RFC 3339 time") }
            e.onset = t
        }
        e.expect = try rules(root["expect"], path)
        e.never = try rules(root["never"], path)
        e.decisions = try decisions(root["decisions"], path)
        if let b = root["baseline"]?.mapping?["proposals"]?.string {
            e.baselineProposes = b == "any" ? true : (b == "none" ? false : nil)
        }
        return e
    }

    /// `decisions: [{at: RFC 3339, proposal: P1, verdict: rejected, by: name}]`.
    private static func decisions(_ node: Node?, _ path: String) throws -> [Decision] {
        guard let node else { return [] }
        guard let seq = node.sequence else { throw CLIError("\(path): 'decisions' must be a list") }
        return try seq.map { item in
            let line = item.mark?.line ?? 0
            guard let m = item.mapping, let at = m["at"]?.string, let id = m["proposal"]?.string,
                  let v = m["verdict"]?.string else {
                throw CLIError("\(path):\(line): a decision is a mapping with at, proposal and verdict")
            }
            guard let time = parseTimestamp(at) else { throw CLIError("\(path):\(line): 'at' '\(at)' is not an RFC 3339 time") }
            guard let verdict = Decision.Verdict(rawValue: v), verdict != .autoExecuted else {
                throw CLIError("\(path):\(line): verdict '\(v)' must be confirmed, rejected or snoozed")
            }
            return Decision(proposalID: id, verdict: verdict, operatorName: m["by"]?.string ?? "expect.yaml", time: time)
        }
    }

    private static func rules(_ node: Node?, _ path: String) throws -> [Rule] {
        guard let node else { return [] }
        guard let seq = node.sequence else { throw CLIError("\(path): 'expect' and 'never' must be lists") }
        return try seq.map { item in
            guard let m = item.mapping else { throw CLIError("\(path):\(item.mark?.line ?? 0): a rule is a mapping with kind, target, within") }
            var kinds: [ResponseKind] = []
            let kindNodes = m["kind"]?.sequence.map(Array.init) ?? (m["kind"].map { [$0] } ?? [])
            for k in kindNodes {
                guard let s = k.string, let kind = ResponseKind(rawValue: s) else {
                    throw CLIError("\(path):\(k.mark?.line ?? 0): unknown kind '\(k.string ?? "?")'")
                }
                kinds.append(kind)
            }
            if kinds.isEmpty { kinds = ResponseKind.allCases }
            let within = try m["within"].map { n -> Duration in
                guard let s = n.string, let d = parseDuration(s) else { throw CLIError("\(path): bad duration in 'within'") }
                return d
            }
            return Rule(kinds: kinds, target: m["target"]?.string, within: within)
        }
    }
}

/// Parses `2026-02-14T10:05:00.000Z` (and offsets) into event time, with
/// the same parser as the metrics lines' `ts`.
public func parseTimestamp(_ s: String) -> EventTime? { parseRFC3339(s) }
