import Foundation
import Testing
import VigilActions
import VigilCore

/// Edits of a flagd flag file as deploys, and the file as hostile input.
@Suite struct FlagFileStateTests {
    func state(_ json: String) throws -> FlagFileState { try FlagFileState.parse(Array(json.utf8)) }

    func flag(_ name: String, default d: String? = "v1", split: String? = nil, state s: String = "ENABLED") -> String {
        let def = d.map { "\"\($0)\"" } ?? "null"
        let targeting = split.map { #", "targeting": {"fractional": [\#($0)]}"# } ?? ""
        return #""\#(name)": {"state": "\#(s)", "variants": {"v1": "a", "v2": "b", "v3": "c"}, "defaultVariant": \#(def)\#(targeting)}"#
    }

    func file(_ flags: String...) -> String { #"{"flags": {"# + flags.joined(separator: ", ") + "}}" }

    @Test func aNewDefaultVariantIsAFullDeploy() throws {
        let before = try state(file(flag("m")))
        let after = try state(file(flag("m", default: "v2")))
        #expect(after.deploys(since: before) == [DeployEvent(flag: "m", from: "v1", to: "v2", weight: nil)])
        #expect(after.deploys(since: after).isEmpty)
    }

    @Test func newFractionalWeightsAreACanaryDeployWithItsWeight() throws {
        let before = try state(file(flag("m")))
        let canary = try state(file(flag("m", split: #"["v1", 90], ["v2", 10]"#)))
        #expect(canary.deploys(since: before) == [DeployEvent(flag: "m", from: "v1", to: "v2", weight: 10)])
        let wider = try state(file(flag("m", split: #"["v1", 50], ["v2", 50]"#)))
        #expect(wider.deploys(since: canary) == [DeployEvent(flag: "m", from: "v1", to: "v2", weight: 50)])
        // Promotion: all on v2 (the split kept with a zero weight, as Vigil writes it).
        let promoted = try state(file(flag("m", default: "v2", split: #"["v1", 0], ["v2", 100]"#)))
        #expect(promoted.deploys(since: wider) == [DeployEvent(flag: "m", from: "v1", to: "v2", weight: nil)])
        // Back to v1 only: from the old canary.
        let back = try state(file(flag("m", split: #"["v1", 100], ["v2", 0]"#)))
        #expect(back.deploys(since: canary) == [DeployEvent(flag: "m", from: "v2", to: "v1", weight: nil)])
        // Weights that scale to the same shares change nothing.
        let scaled = try state(file(flag("m", split: #"["v1", 900], ["v2", 100]"#)))
        #expect(scaled.deploys(since: canary).isEmpty)
    }

    @Test func flagsAddedRemovedOrDisabledAreDeploys() throws {
        let one = try state(file(flag("a")))
        let two = try state(file(flag("a"), flag("b", default: "v3")))
        #expect(two.deploys(since: one) == [DeployEvent(flag: "b", from: nil, to: "v3", weight: nil)])
        #expect(one.deploys(since: two) == [DeployEvent(flag: "b", from: "v3", to: FlagFileState.codeDefault, weight: nil)])
        let disabled = try state(file(flag("a"), flag("b", default: "v3", state: "DISABLED")))
        #expect(disabled.deploys(since: two) == [DeployEvent(flag: "b", from: "v3", to: FlagFileState.codeDefault, weight: nil)])
        let nullDefault = try state(file(flag("a"), flag("b", default: nil)))
        #expect(nullDefault.deploys(since: two) == [DeployEvent(flag: "b", from: "v3", to: FlagFileState.codeDefault, weight: nil)])
    }

    @Test func theArrayFormAndRulesBeyondASplitAreRead() throws {
        let array = try state(#"{"flags": [{"key": "m", "variants": {"v1": 1, "v2": 2}, "defaultVariant": "v2"}]}"#)
        #expect(array.serving("m") == .init(primary: "v2"))
        // Rules Vigil does not read: only the default counts.
        let rules = try state(#"{"flags": {"m": {"variants": {"v1": 1, "v2": 2}, "defaultVariant": "v1", "targeting": {"if": [{"==": [{"var": "email"}, "a@b"]}, "v2", null]}}}}"#)
        #expect(rules.serving("m") == .init(primary: "v1"))
    }

    /// Hostile edits are errors naming the flag, never a guess.
    @Test(arguments: [
        ("{\"flags\": {\"m\": {\"variants\": {\"v1\": 1}, \"defaultVariant\": \"v1\"", "invalid JSON"),
        ("[1, 2]", "not a flagd flag file: the file is not a JSON object"),
        ("{\"flag\": {}}", "not a flagd flag file: it has no \"flags\""),
        ("{\"flags\": 3}", "neither an object nor an array"),
        ("{\"flags\": [{\"variants\": {\"v1\": 1}}]}", "has no \"key\""),
        ("{\"flags\": {\"m\": {\"variants\": {}}}}", "flag m: it needs a non-empty \"variants\" object"),
        ("{\"flags\": {\"m\": {\"variants\": {\"v1\": 1}, \"defaultVariant\": \"v9\"}}}", "flag m: defaultVariant \"v9\" is not one of its variants"),
        ("{\"flags\": {\"m\": {\"variants\": {\"v1\": 1}, \"state\": \"ON\"}}}", "flag m: \"state\" must be"),
        ("{\"flags\": {\"m\": {\"variants\": {\"v1\": 1}, \"defaultVariant\": 7}}}", "flag m: \"defaultVariant\" must be"),
        ("{\"flags\": {\"m\": {\"variants\": {\"v1\": 1}, \"targeting\": {\"fractional\": [[\"v9\", 5]]}}}}", "flag m: its split names \"v9\""),
        ("{\"flags\": {\"m\": {\"variants\": {\"v1\": 1}, \"targeting\": {\"fractional\": [[\"v1\", 99999999999]]}}}}", "flag m: weight 99999999999"),
        ("{\"flags\": {\"m\": 5}}", "flag m: the flag is not an object"),
    ])
    func hostileEditsAreNamedErrors(text: String, expected: String) {
        do {
            _ = try state(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }

    /// The schema's own cases: every positive file reads; the negative ones
    /// about flags themselves (not metadata or value types) are refused.
    @Test func theFlagdSchemaCasesAgree() throws {
        let dir = conformanceDir + "/flagd-schemas/json/test/flags"
        let fm = FileManager.default
        let positive = try fm.contentsOfDirectory(atPath: dir + "/positive").sorted()
        #expect(positive.count >= 9)
        for name in positive {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: dir + "/positive/" + name)))
            #expect(throws: Never.self, "\(name)") { try FlagFileState.parse(bytes) }
        }
        for name in ["state-set-incorrectly.json", "missing-variants.json", "empty-variants.json", "malformed-flag.json"] {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: dir + "/negative/" + name)))
            #expect(throws: FlagFileError.self, "\(name)") { try FlagFileState.parse(bytes) }
        }
        for name in ["minimal.json", "full.json"] {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: conformanceDir + "/flagd-schemas/json/examples/" + name)))
            #expect(throws: Never.self, "\(name)") { try FlagFileState.parse(bytes) }
        }
    }
}
