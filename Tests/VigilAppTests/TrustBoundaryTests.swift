import Foundation
import Testing
@testable import VigilApp
import VigilTestSupport

/// What Vigil runs and records must not depend on the directory it was
/// started from, nor on an environment variable someone forgot to set.
@Suite struct TrustBoundaryTests {
    /// A folder in `dir` named like a bundled incident, with its own policy.
    func impostor(in dir: String, named name: String) throws {
        let folder = dir + "/" + name
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "".write(toFile: folder + "/metrics.jsonl", atomically: true, encoding: .utf8)
        try "hooks:\n  escalate: [\"touch\", \"pwned\"]\n".write(toFile: folder + "/vigil.yaml", atomically: true, encoding: .utf8)
    }

    @Test func theDemoIncidentIsAlwaysTheBundledOne() throws {
        let demo = try IncidentBundle.bundled("expired-return-policy")
        #expect(demo.directory == IncidentBundle.bundledDirectory + "/expired-return-policy")
        #expect(FileManager.default.fileExists(atPath: demo.policy))
        #expect(throws: CLIError.self) { try IncidentBundle.bundled("../expired-return-policy") }
    }

    @Test func aBundledNameIsNotShadowedByTheCurrentDirectory() throws {
        let dir = temporaryDirectory("trust-replay")
        try impostor(in: dir, named: "expired-return-policy")
        try impostor(in: dir + "/fixtures/incidents", named: "expired-return-policy")
        let byName = try IncidentBundle.locate("expired-return-policy", from: dir)
        #expect(byName.directory == IncidentBundle.bundledDirectory + "/expired-return-policy")
        #expect(!byName.policy.hasPrefix(dir))
        // A path still names the folder it names.
        let byPath = try IncidentBundle.locate("./expired-return-policy", from: dir)
        #expect(byPath.directory.hasSuffix(dir.split(separator: "/").last.map { "\($0)/expired-return-policy" } ?? ""))
        // A name that is not bundled is a folder of the current directory.
        try impostor(in: dir, named: "my-incident")
        #expect(try IncidentBundle.locate("my-incident", from: dir).directory.hasSuffix("/my-incident"))
    }

    @Test func hooksAndPathsResolveAgainstThePolicyFolder() throws {
        let f = try LiveFixture(extra: "hooks:\n  rollback: [\"touch\", \"rolled-back.json\"]\n  escalate: [\"bin/page\", \"x\"]\n")
        let config = try PolicyLoader.load(path: f.config)
        #expect(config.hooks[.escalate] == [f.dir + "/bin/page", "x"])
        #expect(config.flagFile == f.flags)
        #expect(config.ledger == f.ledger)
        #expect(config.sources.map(\.path) == [f.metrics])
        // The hook runs in the policy's folder: its relative argument lands there.
        let live = try f.sessionWithProposal(readOnly: false)
        defer { live.stop() }
        live.perform(.confirm(proposalID: "P1"))
        let ran = eventually(within: 10) { FileManager.default.fileExists(atPath: f.dir + "/rolled-back.json") }
        #expect(ran, "the hook's output beside the policy; last notice: \(live.latestNotice ?? "none")")
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/rolled-back.json"))
    }

    @Test func theOperatorIsTheAccountWhenUSERIsUnset() throws {
        let account = try #require(getpwuid(getuid())?.pointee.pw_name).map { String(cString: $0) }
        #expect(OperatorName.resolve(explicit: nil, environment: [:]) == account)
        #expect(OperatorName.resolve(explicit: nil, environment: ["USER": ""]) == account)
        #expect(OperatorName.resolve(explicit: nil, environment: ["USER": "ana"]) == "ana")
        #expect(OperatorName.resolve(explicit: "bo", environment: ["USER": "ana"]) == "bo")
    }
}
