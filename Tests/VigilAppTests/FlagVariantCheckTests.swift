import Foundation
import Testing
@testable import VigilApp
import VigilCore
import VigilTestSupport

/// `fallback`, `secondary` and `off_variant` are held against the flag file
/// the policy names, at load (so `vigil check`, `watch` and `replay` agree).
@Suite struct FlagVariantCheckTests {
    let flags = """
    {"flags": {
      "agent.tools": {"state": "ENABLED", "variants": {"enabled": true, "disabled": false}, "defaultVariant": "enabled"},
      "agent.model": {"state": "ENABLED", "variants": {"v1": "a", "v2": "b"}, "defaultVariant": "v1"},
      "agent.modes": {"state": "ENABLED", "variants": {"on": true, "off": false, "paused": false}, "defaultVariant": "on"}
    }}
    """

    func load(_ flagLines: String) throws -> VigilConfig {
        let dir = temporaryDirectory("flag-variants")
        try flags.write(toFile: dir + "/flags.json", atomically: true, encoding: .utf8)
        let policy = """
        flag_file: flags.json
        flags:
        \(flagLines)
        signals:
          - name: errors
            metric: errors.rate
            detector: {type: threshold, direction: higher_is_worse, value: 0.1}
        """
        try policy.write(toFile: dir + "/vigil.yaml", atomically: true, encoding: .utf8)
        return try PolicyLoader.load(path: dir + "/vigil.yaml")
    }

    func problems(_ flagLines: String) -> [PolicyProblem] {
        do { return try load(flagLines).warnings } catch let e as PolicyErrors { return e.problems } catch { return [] }
    }

    @Test func declaredVariantsThatExistLoad() throws {
        let c = try load("""
          - {name: agent.tools, role: capability, off_variant: disabled}
          - {name: agent.model, fallback: v1, secondary: v2}
          - {name: agent.modes, role: capability, off_variant: paused}
        """)
        #expect(c.policy.flags.map(\.offVariant) == ["disabled", nil, "paused"])
        #expect(c.warnings.isEmpty, "\(c.warnings)")
    }

    @Test func variantsNotInTheFlagFileAreErrorsAtTheirLineAndColumn() {
        let found = problems("""
          - name: agent.tools
            role: capability
            off_variant: off
          - name: agent.model
            fallback: safe
            secondary: v9
        """)
        let errors = found.filter { $0.severity == .error }
        #expect(errors.count == 3, "\(found)")
        #expect(errors.contains { $0.line == 5 && $0.column == 18 && $0.message.contains("off_variant 'off' is not a variant of flag 'agent.tools'") && $0.message.contains("enabled, disabled") }, "\(errors)")
        #expect(errors.contains { $0.line == 7 && $0.message.contains("fallback 'safe'") }, "\(errors)")
        #expect(errors.contains { $0.line == 8 && $0.message.contains("secondary 'v9'") }, "\(errors)")
    }

    @Test func aCapabilityWithoutOneFalseVariantMustDeclareIt() {
        // enabled/disabled has exactly one false variant: fine without off_variant.
        #expect(problems("  - {name: agent.tools, role: capability}").isEmpty)
        let found = problems("  - {name: agent.modes, role: capability}")
        #expect(found.contains { $0.severity == .error && $0.line == 3 && $0.message.contains("several variants whose value is false (off, paused)") }, "\(found)")
    }

    @Test func anUnknownFlagOrAnUnreadableFlagFileIsAWarning() throws {
        let unknown = problems("  - {name: agent.gone, fallback: v1}")
        #expect(unknown.count == 1 && unknown[0].severity == .warning && unknown[0].message.contains("not in flags.json"), "\(unknown)")
        let dir = temporaryDirectory("flag-variants-missing")
        try "flag_file: nowhere.json\nflags: [{name: a, role: capability, off_variant: x}]\nsignals: [{name: e, metric: errors.rate, detector: {type: threshold, direction: higher_is_worse, value: 1}}]\n"
            .write(toFile: dir + "/vigil.yaml", atomically: true, encoding: .utf8)
        let c = try PolicyLoader.load(path: dir + "/vigil.yaml")
        #expect(c.warnings.contains { $0.line == 1 && $0.message.contains("not checked") }, "\(c.warnings)")
    }
}
