import Foundation
import Testing
@testable import VigilCore
@testable import VigilActions

/// Files written by FlagFileAction, checked by outsiders: the flagd JSON
/// schema (Python jsonschema) and the real OpenFeature flagd provider in
/// FILE mode. These tests FAIL, never skip, when Python or the packages are
/// missing: CI must run `pip install jsonschema openfeature-sdk openfeature-provider-flagd`.
@Suite(.serialized) struct FlagdConformanceTests {
    static let keys = (0..<200).map { "user-\($0)" }
    let schemaDir = conformanceDir + "/flagd-schemas/json"

    struct Check: Decodable {
        struct Result: Decodable { var variant: String?; var reason: String; var error: String? }
        var valid: Bool
        var errors: [String]
        var results: [String: Result]
    }

    /// Runs Support/flagd_check.py on `path` for `keys` plus "" (no targeting key).
    func check(_ path: String, flag: String, keys: [String] = Self.keys) throws -> Check {
        let script = repoRoot + "/Tests/VigilActionsTests/Support/flagd_check.py"
        let run = try runProcess(["/usr/bin/env", "python3", script, schemaDir, path, flag] + keys + [""], timeout: 60)
        if run.status == 127 {
            Issue.record("python3 is not on PATH: install Python 3, then: pip install jsonschema openfeature-sdk openfeature-provider-flagd")
        } else if run.status == 3 {
            Issue.record("\(run.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        } else if run.status != 0 || run.timedOut {
            Issue.record("flagd_check.py failed (status \(run.status), timed out: \(run.timedOut)): \(run.stderr)")
        }
        do {
            return try JSONDecoder().decode(Check.self, from: Data(run.stdout.utf8))
        } catch {
            Issue.record("flagd_check.py printed no verdict: \(run.stdout) \(run.stderr)")
            throw error
        }
    }

    func variants(_ c: Check, keys: [String] = Self.keys) -> Set<String> {
        Set(keys.compactMap { c.results[$0]?.variant })
    }

    @Test func originalCanarySplitsTraffic() throws {
        let dir = try TempDir()
        let path = try dir.write("flags.json", canaryFile)
        let c = try check(path, flag: "support-agent.model")
        #expect(c.errors == [])
        #expect(variants(c) == ["v1", "v2"], "a 90/10 split over 200 keys should serve both")
    }

    @Test func canaryShiftedToZeroServesPrimaryToEveryone() throws {
        let dir = try TempDir()
        let path = try dir.write("flags.json", canaryFile)
        _ = try FlagFileAction(path: path).perform(ActionIntent(
            kind: .trafficShift, flag: "support-agent.model", variant: "v1",
            weights: [VariantWeight("v1", 100), VariantWeight("v2", 0)], summary: .shiftCanaryToZero(flag: "support-agent.model")))
        let c = try check(path, flag: "support-agent.model")
        #expect(c.errors == [])
        #expect(variants(c) == ["v1"])
        #expect(c.results[""]?.variant == "v1", "without a targeting key the default must be the 100% variant")
    }

    @Test func rollbackServesTheDefaultToEveryone() throws {
        let dir = try TempDir()
        // The canary was promoted to default; rolling back must move the default.
        let path = try dir.write("flags.json", canaryFile.replacingOccurrences(of: "\"defaultVariant\": \"v1\"", with: "\"defaultVariant\": \"v2\""))
        _ = try FlagFileAction(path: path).perform(ActionIntent(kind: .rollback, flag: "support-agent.model", variant: "v1", summary: .rollback(flag: "support-agent.model", to: "v1")))
        let c = try check(path, flag: "support-agent.model")
        #expect(c.errors == [])
        #expect(variants(c) == ["v1"])
        #expect(c.results["user-1"]?.reason == "STATIC")
        #expect(c.results[""]?.variant == "v1")
    }

    @Test func degradeServesTheFallback() throws {
        let dir = try TempDir()
        let path = try dir.write("flags.json", canaryFile.replacingOccurrences(
            of: "\"v2\": \"model-b\"", with: "\"v2\": \"model-b\",\n        \"rules-only\": \"rules\""))
        _ = try FlagFileAction(path: path).perform(ActionIntent(kind: .degrade, flag: "support-agent.model", variant: "rules-only", summary: .degrade(flag: "support-agent.model", to: "rules-only")))
        let c = try check(path, flag: "support-agent.model")
        #expect(c.errors == [])
        #expect(variants(c) == ["rules-only"])
    }

    @Test func restrictTurnsTheBooleanOff() throws {
        let dir = try TempDir()
        let path = try dir.write("flags.json", canaryFile)
        let out = try FlagFileAction(path: path).perform(ActionIntent(kind: .restrict, flag: "support-agent.tools", summary: .turnOff(flag: "support-agent.tools")))
        #expect(out == "support-agent.tools: default on → off")
        let c = try check(path, flag: "support-agent.tools")
        #expect(c.errors == [])
        #expect(variants(c) == ["off"])
    }

    @Test func partialShiftWithFractionalPercentStaysValid() throws {
        let dir = try TempDir()
        let path = try dir.write("flags.json", canaryFile)
        let out = try FlagFileAction(path: path).perform(ActionIntent(
            kind: .trafficShift, flag: "support-agent.model",
            weights: [VariantWeight("v1", 97.5), VariantWeight("v2", 2.5)], summary: .shiftCanaryToZero(flag: "fractional-flag")))
        #expect(out == "support-agent.model: v1 90% → 97.5%, v2 10% → 2.5%")
        #expect(try dir.read("flags.json").contains("[\"v1\", 975],\n          [\"v2\", 25]"))
        let c = try check(path, flag: "support-agent.model")
        #expect(c.errors == [])
        #expect(variants(c).isSubset(of: ["v1", "v2"]) && variants(c).contains("v1"))
    }

    /// The schema's own example file: a 4-way split bucketed by user.name.
    @Test func schemaExampleFourWaySplit() throws {
        let dir = try TempDir()
        let text = try String(contentsOfFile: schemaDir + "/examples/full.json", encoding: .utf8)
            .replacingOccurrences(of: "\"$schema\": \"../flags.json\"", with: "\"$schema\": \"https://flagd.dev/schema/v0/flags.json\"")
        let path = try dir.write("full.json", text)
        // The example's if/sem_ver flags fail the schema as shipped; Vigil must add no new errors.
        let before = try check(path, flag: "fractional-flag", keys: []).errors
        _ = try FlagFileAction(path: path).perform(ActionIntent(
            kind: .trafficShift, flag: "fractional-flag",
            weights: [VariantWeight("clubs", 100)], summary: .shiftToSecondary(flag: "fractional-flag", to: "clubs")))
        let c = try check(path, flag: "fractional-flag")
        #expect(c.errors == before)
        #expect(!c.errors.contains { $0.contains("fractional-flag") })
        // Bucketed by user.name, which these contexts lack: fractional yields
        // nothing and the default decides, which Vigil set to the 100% variant.
        #expect(variants(c) == ["clubs"])
        #expect(try dir.read("full.json").contains("[\"diamonds\", 0]"))
    }
}

/// The checker itself must fail loudly, with the fix, when its packages are
/// missing; `python3 -S` hides site-packages to simulate a bare CI image.
@Test func flagdCheckerNamesThePipCommandWhenPackagesAreMissing() throws {
    let script = repoRoot + "/Tests/VigilActionsTests/Support/flagd_check.py"
    let run = try runProcess(["/usr/bin/env", "python3", "-S", script, "x", "y", "z"], timeout: 30)
    #expect(run.status == 3)
    #expect(run.stderr.contains("pip install jsonschema openfeature-sdk openfeature-provider-flagd"))
}
