import Foundation
import VigilCore
import VigilSystem
import VigilWording

/// An external command run for an action (escalate → page someone, or any
/// action kind a team wires to its own tooling).
///
/// Safety rules, because proposal fields come from metric labels that anyone
/// who can emit a metric controls:
/// - argv is exec'd directly (posix_spawnp), never through a shell, and
///   proposal data is never spliced into argv; it reaches the hook only as
///   JSON on stdin and as environment variables, which are not evaluated.
/// - The hook runs in its own process group; on timeout the whole group gets
///   SIGTERM, then SIGKILL a second later, so a hook's children die with it.
/// - Output (stdout and stderr merged) is read continuously so the hook never
///   blocks on a full pipe, but only the first `maxOutputLines` lines /
///   `maxOutputBytes` bytes are kept: a hook printing gigabytes costs nothing.
///
/// Environment: the parent's environment, then `env`, then VIGIL_PROPOSAL_ID,
/// VIGIL_ACTION (traffic_shift, rollback, …), VIGIL_FLAG ("" if none),
/// VIGIL_GROUP, VIGIL_SIGNAL, VIGIL_SUMMARY, and VIGIL_LEDGER_HEAD (`SEQ:HASH`,
/// the ledger's end when the hook ran, also `ledger_head` in the JSON) so a
/// pager or a log keeps a copy of the head off this machine: with it,
/// `vigil ledger verify --expect-head` shows lines cut off the end.
public struct CommandHook: Sendable, Hashable {
    public var argv: [String]
    public var timeout: VigilCore.Duration
    public var env: [String: String]
    public var maxOutputLines: Int = 20
    public var maxOutputBytes: Int = 4096
    /// The working directory: the policy file's folder, so that relative
    /// paths in the argv mean the same wherever `vigil` was started.
    public var directory: String?

    public init(argv: [String], timeout: VigilCore.Duration = .seconds(30), env: [String: String] = [:],
                directory: String? = nil) {
        self.argv = argv; self.timeout = timeout; self.env = env; self.directory = directory
    }

    /// Runs the hook with `json` on stdin; never throws: a hook that cannot
    /// start is a failed HookResult whose detail says why.
    public func run(proposal: Proposal, json: String, ledgerHead: LedgerHead? = nil) -> HookResult {
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        for (k, v) in CommandHook.variables(for: proposal) { environment[k] = v }
        environment["VIGIL_LEDGER_HEAD"] = ledgerHead?.description ?? ""
        return HookProcess.run(argv: argv, environment: environment, stdin: Array(json.utf8), timeout: timeout,
                               maxLines: maxOutputLines, maxBytes: maxOutputBytes, directory: directory)
    }

    /// Runs the hook with `CommandHook.json(for:)` on stdin.
    public func run(proposal: Proposal, ledgerHead: LedgerHead? = nil) -> HookResult {
        run(proposal: proposal, json: CommandHook.json(for: proposal, ledgerHead: ledgerHead), ledgerHead: ledgerHead)
    }

    /// The VIGIL_* variables a hook sees for `proposal`.
    public static func variables(for p: Proposal) -> [String: String] {
        ["VIGIL_PROPOSAL_ID": p.id, "VIGIL_ACTION": p.action.kind.rawValue, "VIGIL_FLAG": p.action.flag ?? "",
         "VIGIL_GROUP": p.group, "VIGIL_SIGNAL": p.signal, "VIGIL_SUMMARY": Wording.summary(p.action)]
    }

    /// A proposal as the JSON object hooks read on stdin (sorted keys, one line;
    /// docs/operations.md lists the fields).
    public static func json(for p: Proposal, ledgerHead: LedgerHead? = nil) -> String {
        let payload = HookPayload(
            id: p.id, kind: p.action.kind.rawValue, target: p.action.flag, variant: p.action.variant,
            weights: p.action.weights.map { LedgerWeight(variant: $0.variant, percent: $0.percent) },
            summary: Wording.summary(p.action), failure_mode: p.failureMode.rawValue, group: p.group, signal: p.signal,
            created_at: p.createdAt.iso8601, traffic_percent: p.blastRadius.trafficPercent.isFinite ? p.blastRadius.trafficPercent : nil,
            evidence: p.evidence.map(LedgerEvidence.init), ledger_head: ledgerHead?.description)
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? e.encode(payload) else { return "{\"id\":\(jsonQuoted(p.id))}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Field names match the app's headless proposal lines (snake_case).
private struct HookPayload: Encodable {
    var id: String
    var kind: String
    var target: String?
    var variant: String?
    var weights: [LedgerWeight]
    var summary: String
    var failure_mode: String
    var group: String
    var signal: String
    var created_at: String
    var traffic_percent: Double?
    var evidence: [LedgerEvidence]
    var ledger_head: String?
}

/// What a hook run came to.
public struct HookResult: Sendable, Hashable, CustomStringConvertible {
    /// The exit code; 128 + n when killed by signal n; 127 when it could not start.
    public var exitStatus: Int32
    /// The signal that ended it, if one did.
    public var signal: Int32?
    public var timedOut: Bool
    /// The first lines of stdout and stderr merged (bounded).
    public var outputHead: String
    /// True when output beyond `outputHead` was discarded.
    public var outputTruncated: Bool
    /// Why the hook could not be started, if it could not.
    public var spawnError: String?

    public var succeeded: Bool { spawnError == nil && !timedOut && signal == nil && exitStatus == 0 }

    /// One line for the outcome record, e.g. "hook exited 0: paged on-call (dedup P3)".
    public var description: String {
        let first = outputHead.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
        let tail = first.isEmpty ? "" : ": \(first)"
        if let e = spawnError { return "hook could not start (\(e)); check the argv in vigil.yaml and that the file is executable" }
        if timedOut { return "hook timed out and was killed\(tail)" }
        if let s = signal { return "hook killed by signal \(s)\(tail)" }
        return "hook exited \(exitStatus)\(tail)"
    }
}
