import Foundation
import Testing
@testable import VigilCore
@testable import VigilActions

let canaryFile = """
{
  "$schema": "https://flagd.dev/schema/v0/flags.json",
  "flags": {
    "other.flag": {
      "state": "ENABLED",
      "variants": { "on": true,  "off": false },
      "defaultVariant":"on"
    },
    "support-agent.model": {
      "state": "ENABLED",
      "variants": {
        "v1": "model-a",
        "v2": "model-b"
      },
      "defaultVariant": "v1",
      "targeting": {
        "fractional": [
          { "var": "targetingKey" },
          ["v1", 90],
          ["v2", 10]
        ]
      },
      "metadata": { "owner": "ml-platform" }
    },
    "support-agent.tools": {
      "state": "ENABLED",
      "variants": { "on": true, "off": false },
      "defaultVariant": "on"
    }
  }
}

"""

@Suite struct FlagFileActionTests {
    @Test func trafficShiftToZeroKeepsOtherFlagsByteIdentical() throws {
        let dir = try TempDir()
        let path = try dir.write("flags.json", canaryFile)
        chmod(path, 0o644)
        let out = try FlagFileAction(path: path).perform(ActionIntent(
            kind: .trafficShift, flag: "support-agent.model", variant: "v1",
            weights: [VariantWeight("v1", 100), VariantWeight("v2", 0)], summary: .shiftCanaryToZero(flag: "support-agent.model")))
        #expect(out == "support-agent.model: v1 90% → 100%, v2 10% → 0% (v1 serves 100%)")
        // Only the edited weights change; every other byte (odd spacing included) is kept.
        let expected = canaryFile.replacingOccurrences(of: "[\"v1\", 90]", with: "[\"v1\", 100]")
            .replacingOccurrences(of: "[\"v2\", 10]", with: "[\"v2\", 0]")
        #expect(try dir.read("flags.json") == expected)
        #expect(mode(of: path) == 0o644)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["flags.json"])
    }

    @Test func rollbackRemovesSplit() throws {
        let dir = try TempDir()
        let path = try dir.write("flags.json", canaryFile)
        let out = try FlagFileAction(path: path).perform(ActionIntent(kind: .rollback, flag: "support-agent.model",
                                                                      variant: "v1", summary: .rollback(flag: "support-agent.model", to: "v1")))
        #expect(out == "support-agent.model: default stays v1, split removed (was v1 90%, v2 10%)")
        let text = try dir.read("flags.json")
        #expect(!text.contains("fractional"))
        #expect(text.contains("\"metadata\": { \"owner\": \"ml-platform\" }"))
    }

    @Test func unknownVariantLeavesFileUntouched() throws {
        let dir = try TempDir()
        let path = try dir.write("flags.json", canaryFile)
        #expect(throws: FlagActionError.self) {
            try FlagFileAction(path: path).perform(ActionIntent(kind: .rollback, flag: "support-agent.model",
                                                                variant: "v0", summary: .rollback(flag: "support-agent.model", to: "v0")))
        }
        #expect(try dir.read("flags.json") == canaryFile)
    }
}
