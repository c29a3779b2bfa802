import Foundation
import Glibc
@testable import VigilCore
@testable import VigilActions

/// A fresh directory under /tmp, removed when the value is released.
final class TempDir {
    let path: String

    init() throws {
        var template = Array("/tmp/vigil-actions-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buf -> String? in
            guard let base = buf.baseAddress, let p = mkdtemp(base) else { return nil }
            return String(cString: p)
        }
        guard let made else {
            throw SystemError("mkdtemp", "/tmp")
        }
        path = made
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let p = file(name)
        try text.write(toFile: p, atomically: false, encoding: .utf8)
        return p
    }

    func read(_ name: String) throws -> String { try String(contentsOfFile: file(name), encoding: .utf8) }
}

func mode(of path: String) -> mode_t {
    var st = stat()
    return stat(path, &st) == 0 ? st.st_mode & 0o7777 : 0
}

/// The repository root, found from this file's location (tests run from anywhere).
let repoRoot: String = {
    // Resolve symlinks: the file may be reached through a linked test harness.
    var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// Upstream conformance data vendored into the repository (Tests/Conformance/README.md).
let conformanceDir = repoRoot + "/Tests/Conformance"

func sampleProposal(id: String = "P1", action: ActionIntent? = nil) -> Proposal {
    let t = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10)
    let ev = Evidence(signal: "quality", metric: "quality.score", group: "support-agent", value: 0.61,
                      baseline: 0.82, threshold: nil, statistic: .canary(diff: -0.21, z: 6.1, logLambda: 16.3, limit: 4.6, low: -0.26, high: -0.16),
                      samples: 40, baselineSamples: 400, since: t.adding(.minutes(-3)), at: t,
                      deploy: DeployRecord(time: t.adding(.minutes(-8)), group: "support-agent",
                                           event: DeployEvent(flag: "support-agent.model", from: "v1", to: "v2", weight: 10)))
    let a = action ?? ActionIntent(kind: .trafficShift, flag: "support-agent.model", variant: "v1",
                                   weights: [VariantWeight("v1", 100), VariantWeight("v2", 0)],
                                   summary: .shiftCanaryToZero(flag: "support-agent.model"))
    return Proposal(id: id, createdAt: t, group: "support-agent", signal: "quality", failureMode: .qualityRegression,
                    action: a, evidence: [ev], alternatives: [], blastRadius: BlastRadius(trafficPercent: 10, deployments: ["support-agent"]),
                    status: .pending, decidedBy: nil, decidedAt: nil, outcome: nil)
}
