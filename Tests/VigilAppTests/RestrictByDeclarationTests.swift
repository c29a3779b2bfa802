import Foundation
import Testing
@testable import VigilActions
@testable import VigilApp
import VigilCore
import VigilTestSupport

/// A capability flag whose variants are `enabled/disabled` is restricted
/// end to end: proposed with its declared `off_variant`, confirmed, and the
/// flag file serves `disabled`.
@Suite struct RestrictByDeclarationTests {
    @Test func aDeclaredOffVariantIsWhatRestrictionSets() throws {
        let dir = temporaryDirectory("restrict")
        try """
        {"flags": {"ops-agent.tool.db_write": {"state": "ENABLED", "variants": {"enabled": true, "disabled": false}, "defaultVariant": "enabled"}}}
        """.write(toFile: dir + "/flags.json", atomically: true, encoding: .utf8)
        try """
        sources: [metrics.jsonl]
        flag_file: flags.json
        ledger: ledger.jsonl
        escalate_after: never
        flags:
          - {name: ops-agent.tool.db_write, deployment: ops-agent, role: capability, off_variant: disabled}
        signals:
          - name: agent-beliefs
            family: drift
            match: {deployment: ops-agent}
            detector: {type: belief}
        """.write(toFile: dir + "/vigil.yaml", atomically: true, encoding: .utf8)
        try """
        {"ts":"2026-02-18T14:00:00.000Z","event":"state","key":"freeze.active","value":"true"}
        {"ts":"2026-02-18T14:00:30.000Z","event":"belief","agent":"ops-agent","key":"freeze.active","believed":"false","action":"db.write","labels":{"deployment":"ops-agent"}}

        """.write(toFile: dir + "/metrics.jsonl", atomically: true, encoding: .utf8)

        let live = try Session.watch(configPath: dir + "/vigil.yaml", fromStart: true, readOnly: false, tickSeconds: nil)
        defer { live.stop() }
        live.start()
        try waitFor(10, "the restriction proposal") { !live.engine.snapshot().proposals.isEmpty }
        let p = try #require(live.engine.snapshot().proposals.first)
        #expect(p.action.kind == .restrict && p.action.variant == "disabled")
        let done = DispatchSemaphore(value: 0)
        live.desk.decide(p.id, .confirmed, operatorName: "ana") { done.signal() }
        try awaitSignal(done)
        let flags = try String(contentsOfFile: dir + "/flags.json", encoding: .utf8)
        #expect(flags.contains(#""defaultVariant":"disabled""#), "\(flags) \(live.latestNotice ?? "")")
        let intent = try DecisionLedger(path: dir + "/ledger.jsonl").records().compactMap(\.intent).first { $0.kind == "restrict" }
        #expect(intent?.variant == "disabled")
    }
}
