import Foundation
import Testing
@testable import VigilCore
@testable import VigilActions
import VigilSystem

/// The edit rules, file by file, without the Python second opinion.
@Suite struct FlagEditRulesTests {
    func edit(_ text: String, _ intent: ActionIntent) throws -> (String, String) {
        let r = try FlagFileAction.edit(Array(text.utf8), intent: intent, flag: intent.flag ?? "", path: "flags.json")
        return (String(decoding: r.bytes, as: UTF8.self), r.summary)
    }

    let shiftToZero = ActionIntent(kind: .trafficShift, flag: "m", variant: "a",
                                   weights: [VariantWeight("a", 100), VariantWeight("b", 0)], summary: .shiftCanaryToZero(flag: "m"))

    @Test func minifiedFileStaysOnOneLine() throws {
        let text = #"{"flags":{"x":{"state":"ENABLED","variants":{"on":true},"defaultVariant":"on"},"m":{"state":"ENABLED","variants":{"a":"A","b":"B"},"defaultVariant":"a","targeting":{"fractional":[["a",50],["b",50]]}}}}"#
        let (out, summary) = try edit(text, shiftToZero)
        #expect(out == text.replacingOccurrences(of: #"[["a",50],["b",50]]"#, with: #"[["a",100],["b",0]]"#))
        #expect(summary == "m: a 50% → 100%, b 50% → 0% (a serves 100%)")
    }

    @Test func tabIndentAndUnicodeArePreserved() throws {
        let text = "{\n\t\"flags\": {\n\t\t\"m\": {\n\t\t\t\"state\": \"ENABLED\",\n\t\t\t\"variants\": {\"a\": \"modèle ☂\", \"b\": \"B\\n\"},\n\t\t\t\"defaultVariant\": \"b\"\n\t\t}\n\t}\n}\n"
        let (out, _) = try edit(text, ActionIntent(kind: .rollback, flag: "m", variant: "a", summary: .rollback(flag: "m", to: "a")))
        #expect(out == "{\n\t\"flags\": {\n\t\t\"m\": {\n\t\t\t\"state\": \"ENABLED\",\n\t\t\t\"variants\": {\n\t\t\t\t\"a\": \"modèle ☂\",\n\t\t\t\t\"b\": \"B\\n\"\n\t\t\t},\n\t\t\t\"defaultVariant\": \"a\"\n\t\t}\n\t}\n}\n")
    }

    @Test func shorthandSplitWithoutBucketingAndNewVariant() throws {
        let text = #"{"flags": {"m": {"state": "ENABLED", "variants": {"a": 1, "b": 2, "c": 3}, "defaultVariant": "a", "targeting": {"fractional": [["a"], ["b"]]}}}}"#
        let (out, summary) = try edit(text, ActionIntent(kind: .trafficShift, flag: "m",
                                                         weights: [VariantWeight("a", 80), VariantWeight("c", 20)], summary: .shiftCanaryToZero(flag: "m")))
        #expect(out.contains(#""fractional":[["a",80],["b",0],["c",20]]"#))
        #expect(summary == "m: a 50% → 80%, b 50% → 0%, c new → 20%")
    }

    @Test func createsASplitWhenThereIsNone() throws {
        let text = #"{"flags": {"m": {"state": "ENABLED", "variants": {"a": 1, "b": 2}, "defaultVariant": "a"}}}"#
        let (out, _) = try edit(text, ActionIntent(kind: .trafficShift, flag: "m",
                                                   weights: [VariantWeight("a", 90), VariantWeight("b", 10)], summary: .shiftCanaryToZero(flag: "m")))
        #expect(out.contains(#""defaultVariant":"a","targeting":{"fractional":[["a",90],["b",10]]}"#))
    }

    @Test func alreadyAppliedIsANoOp() throws {
        let text = #"{"flags": {"m": {"state": "ENABLED", "variants": {"a": 1, "b": 2}, "defaultVariant": "a"}}}"#
        let (out, summary) = try edit(text, ActionIntent(kind: .rollback, flag: "m", variant: "a", summary: .rollback(flag: "m", to: "a")))
        #expect(out == text)
        #expect(summary == "m: default stays a")
    }

    @Test func arrayFormFlagsAreFoundByKey() throws {
        let text = #"{"flags": [{"key": "m", "state": "ENABLED", "variants": {"a": 1, "b": 2}, "defaultVariant": "b"}]}"#
        let (out, _) = try edit(text, ActionIntent(kind: .rollback, flag: "m", variant: "a", summary: .rollback(flag: "m", to: "a")))
        // The edited flag is written compact, as it was on one line; the rest is untouched.
        #expect(out == #"{"flags": [{"key":"m","state":"ENABLED","variants":{"a":1,"b":2},"defaultVariant":"a"}]}"#)
    }

    @Test func disabledFlagIsChangedButTheOperatorIsTold() throws {
        let text = #"{"flags": {"m": {"state": "DISABLED", "variants": {"a": 1, "b": 2}, "defaultVariant": "b"}}}"#
        let (out, summary) = try edit(text, ActionIntent(kind: .rollback, flag: "m", variant: "a", summary: .rollback(flag: "m", to: "a")))
        #expect(out.contains(#""state":"DISABLED""#))
        #expect(summary.contains("DISABLED"))
    }

    /// Restriction by declaration: the policy's `off_variant` names the
    /// variant, so `enabled/disabled` (or any names) work; without one, the
    /// single false variant is used and several are refused, never guessed.
    @Test func restrictUsesTheDeclaredVariantOrTheOneFalseVariant() throws {
        let named = #"{"flags": {"t": {"state": "ENABLED", "variants": {"enabled": true, "disabled": false}, "defaultVariant": "enabled"}}}"#
        let (declared, summary) = try edit(named, ActionIntent(kind: .restrict, flag: "t", variant: "disabled", summary: .turnOff(flag: "t")))
        #expect(declared.contains(#""defaultVariant":"disabled""#))
        #expect(summary == "t: default enabled → disabled")
        let (found, _) = try edit(named, ActionIntent(kind: .restrict, flag: "t", summary: .turnOff(flag: "t")))
        #expect(found.contains(#""defaultVariant":"disabled""#))

        let modes = #"{"flags": {"t": {"state": "ENABLED", "variants": {"full": "rw", "read-only": "ro"}, "defaultVariant": "full"}}}"#
        let (readOnly, _) = try edit(modes, ActionIntent(kind: .restrict, flag: "t", variant: "read-only", summary: .turnOff(flag: "t")))
        #expect(readOnly.contains(#""defaultVariant":"read-only""#))

        let two = #"{"flags": {"t": {"state": "ENABLED", "variants": {"on": true, "off": false, "paused": false}, "defaultVariant": "on"}}}"#
        #expect(throws: FlagActionError.ambiguousOff(flag: "t", candidates: ["off", "paused"])) {
            try edit(two, ActionIntent(kind: .restrict, flag: "t", summary: .turnOff(flag: "t")))
        }
        #expect(throws: FlagActionError.variantNotFound(flag: "t", variant: "off", known: ["enabled", "disabled"])) {
            try edit(named, ActionIntent(kind: .restrict, flag: "t", variant: "off", summary: .turnOff(flag: "t")))
        }
    }

    @Test func refusals() throws {
        let rules = #"{"flags": {"m": {"state": "ENABLED", "variants": {"a": "A", "b": "B"}, "defaultVariant": "a", "targeting": {"if": [{"==": [{"var": "tier"}, "gold"]}, "b", null]}}}}"#
        let ruleWeights = #"{"flags": {"m": {"state": "ENABLED", "variants": {"a": "A", "b": "B"}, "defaultVariant": "a", "targeting": {"fractional": [["a", {"var": "w"}], ["b", 1]]}}}}"#
        let plain = #"{"flags": {"m": {"state": "ENABLED", "variants": {"a": "A", "b": "B"}, "defaultVariant": "a"}}}"#
        let cases: [(String, ActionIntent, String)] = [
            (rules, shiftToZero, "not a plain fractional split"),
            (ruleWeights, shiftToZero, "computed by a rule"),
            (plain, ActionIntent(kind: .trafficShift, flag: "m", weights: [VariantWeight("a", 0), VariantWeight("b", 0)], summary: .shiftCanaryToZero(flag: "m")), "all weights are 0"),
            (plain, ActionIntent(kind: .trafficShift, flag: "m", weights: [VariantWeight("a", .nan)], summary: .shiftCanaryToZero(flag: "m")), "not a non-negative number"),
            (plain, ActionIntent(kind: .trafficShift, flag: "m", weights: [VariantWeight("z", 100)], summary: .shiftToSecondary(flag: "m", to: "z")), "no variant \"z\""),
            (plain, ActionIntent(kind: .restrict, flag: "m", summary: .turnOff(flag: "m")), "cannot be turned off"),
            (plain, ActionIntent(kind: .rollback, flag: "nope", variant: "a", summary: .rollback(flag: "nope", to: "a")), "flag nope is not in flags.json (it has: m)"),
            (plain, ActionIntent(kind: .rollback, flag: "m", summary: .rollbackNotProposed(flag: "m")), "(none given)"),
            (plain, ActionIntent(kind: .escalate, flag: "m", summary: .escalate(group: "g")), "escalations run through a hook"),
            ("{\"flags\": {", shiftToZero, "not valid JSON"),
            ("{\"flags\": {}} x", shiftToZero, "not valid JSON"),
            ("[1, 2]", shiftToZero, "no \"flags\" object"),
        ]
        for (text, intent, message) in cases {
            do {
                _ = try edit(text, intent)
                Issue.record("expected a refusal containing \(message)")
            } catch {
                #expect("\(error)".contains(message), "\(error)")
            }
        }
    }

    @Test func refusalLeavesTheFileAndDirectoryUntouched() throws {
        let dir = try TempDir()
        let path = try dir.write("flags.json", canaryFile)
        #expect(throws: FlagActionError.self) {
            try FlagFileAction(path: path).perform(ActionIntent(kind: .escalate, summary: .escalate(group: "g")))
        }
        #expect(throws: FlagActionError.self) {
            try FlagFileAction(path: path).perform(ActionIntent(kind: .rollback, flag: "nope", variant: "v1", summary: .rollback(flag: "nope", to: "v1")))
        }
        #expect(try dir.read("flags.json") == canaryFile)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["flags.json"])
        #expect(throws: FlagActionError.self) {
            try FlagFileAction(path: dir.file("missing.json")).perform(ActionIntent(kind: .rollback, flag: "m", variant: "a", summary: .rollback(flag: "m", to: "a")))
        }
    }

    /// ConfigMap-style mounts are symlinks: the target is replaced, the link kept.
    @Test func symlinkedFileIsReplacedThroughTheLink() throws {
        let dir = try TempDir()
        try FileManager.default.createDirectory(atPath: dir.file("data"), withIntermediateDirectories: true)
        let target = try dir.write("data/flags.json", canaryFile)
        try FileManager.default.createSymbolicLink(atPath: dir.file("flags.json"), withDestinationPath: target)
        _ = try FlagFileAction(path: dir.file("flags.json")).perform(ActionIntent(kind: .rollback, flag: "support-agent.model", variant: "v1", summary: .rollback(flag: "support-agent.model", to: "v1")))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.file("flags.json")) == target)
        #expect(try !dir.read("data/flags.json").contains("fractional"))
    }

    @Test func parserRejectsWhatFlagdWouldReject() {
        for bad in ["{\"a\":01}", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "\"\\x\"", "\"\\ud800\"", "tru", "{'a':1}", "1.", "-", "\"a\u{01}\""] {
            #expect(throws: JSONParseError.self, "\(bad)") { try JSONParser.parse(Array(bad.utf8)) }
        }
        for good in ["{}", "[]", "0", "-0.5e+3", "\"\\u00e9\\ud83d\\ude00\"", "\u{FEFF}{\"a\":null}", " [true, false] "] {
            #expect(throws: Never.self, "\(good)") { try JSONParser.parse(Array(good.utf8)) }
        }
    }
}

/// Weights in a flag file are input: one beyond flagd's limit is a clear
/// error, never a trap in the conversion or the sum.
@Suite struct FlagWeightRangeTests {
    @Test(arguments: ["9.25e18", "9000000000000000000", "2147483648", "1e300"])
    func aHugeWeightIsRefusedWithAReason(_ weight: String) {
        let text = #"{"flags":{"m":{"state":"ENABLED","variants":{"a":"A","b":"B"},"defaultVariant":"a","targeting":{"fractional":[["a",\#(weight)],["b",\#(weight)]]}}}}"#
        let intent = ActionIntent(kind: .trafficShift, flag: "m", variant: "a",
                                  weights: [VariantWeight("a", 100), VariantWeight("b", 0)], summary: .shiftCanaryToZero(flag: "m"))
        #expect(throws: FlagActionError.self) {
            _ = try FlagFileAction.edit(Array(text.utf8), intent: intent, flag: "m", path: "flags.json")
        }
    }
}
