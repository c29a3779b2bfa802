import Foundation
import Glibc
import Testing
import VigilSystem
import VigilTestSupport
@testable import VigilCore
@testable import VigilActions

@Suite struct CommandHookTests {
    let p = sampleProposal(id: "P7")

    @Test func proposalArrivesOnStdinAndInTheEnvironment() throws {
        let r = CommandHook(argv: ["/bin/cat"]).run(proposal: p, json: "{\"id\":\"P7\"}\n")
        #expect(r.succeeded && r.exitStatus == 0 && r.outputHead == "{\"id\":\"P7\"}\n")
        let e = CommandHook(argv: ["/usr/bin/printenv", "VIGIL_PROPOSAL_ID", "VIGIL_ACTION", "VIGIL_FLAG", "VIGIL_GROUP",
                                   "VIGIL_SIGNAL", "VIGIL_SUMMARY", "TEAM", "PATH"], env: ["TEAM": "ml"]).run(proposal: p)
        let lines = e.outputHead.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(7)) == ["P7", "traffic_shift", "support-agent.model", "support-agent", "quality",
                                           "shift canary traffic of support-agent.model to 0%", "ml"])
        #expect(lines.count == 8, "the parent's PATH is inherited")
    }

    @Test func defaultJSONCarriesTheProposal() throws {
        let json = CommandHook.json(for: p)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(obj["id"] as? String == "P7")
        #expect(obj["kind"] as? String == "traffic_shift")
        #expect(obj["target"] as? String == "support-agent.model")
        #expect(obj["failure_mode"] as? String == "quality_regression")
        #expect((obj["evidence"] as? [Any])?.count == 1)
        #expect(!json.contains("\n"))
    }

    @Test func nonZeroExitIsAFailureWithItsOutput() {
        let r = CommandHook(argv: ["/bin/sh", "-c", "echo 'no route to pager' >&2; exit 3"]).run(proposal: p, json: "{}")
        #expect(!r.succeeded && r.exitStatus == 3 && !r.timedOut && r.signal == nil)
        #expect(r.outputHead == "no route to pager\n")
        #expect(r.description == "hook exited 3: no route to pager")
    }

    @Test func timeoutKillsTheWholeProcessGroup() throws {
        let dir = try TempDir()
        let pidFile = dir.file("child.pid")
        let start = MonotonicClock.nowMillis()
        // The hook starts a background child, then waits; both must die.
        let r = CommandHook(argv: ["/bin/sh", "-c", "sleep 60 & echo $! > \"$1\"; echo started; wait", "hook", pidFile],
                            timeout: .seconds(0.4)).run(proposal: p, json: "{}")
        let took = MonotonicClock.nowMillis() - start
        #expect(r.timedOut && !r.succeeded)
        #expect(r.signal == SIGTERM)
        #expect(r.outputHead == "started\n")
        #expect(took < 3000, "took \(took) ms")
        let child = try #require(Int32(try dir.read("child.pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(eventually(within: 10) { kill(child, 0) != 0 || isZombie(child) }, "background child \(child) survived the timeout")
    }

    @Test func hookIgnoringSIGTERMIsKilled() {
        let start = MonotonicClock.nowMillis()
        let r = CommandHook(argv: ["/bin/sh", "-c", "trap '' TERM; while :; do sleep 1; done"],
                            timeout: .seconds(0.3)).run(proposal: p, json: "{}")
        #expect(r.timedOut && r.signal == SIGKILL && r.exitStatus == 128 + SIGKILL)
        #expect(MonotonicClock.nowMillis() - start < 4000)
    }

    @Test func hugeOutputIsBoundedAndDrained() {
        // 50 MB of output: read through, only the head kept, the hook not blocked.
        let r = CommandHook(argv: ["/bin/sh", "-c", "yes 'a long line of hook output' | head -c 50000000; exit 0"],
                            timeout: .seconds(60)).run(proposal: p, json: "{}")
        #expect(r.succeeded && !r.timedOut)
        #expect(r.outputTruncated)
        #expect(r.outputHead.utf8.count <= 4096)
        #expect(r.outputHead.split(separator: "\n").count == 20)
        let oneLong = CommandHook(argv: ["/bin/sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' x"]).run(proposal: p, json: "")
        #expect(oneLong.outputHead.utf8.count == 4096 && oneLong.outputTruncated)
    }

    @Test func hookThatIgnoresStdinDoesNotHangOrKillVigil() {
        let big = String(repeating: "x", count: 2_000_000)
        let r = CommandHook(argv: ["/bin/true"], timeout: .seconds(10)).run(proposal: p, json: big)
        #expect(r.succeeded && !r.timedOut)
    }

    @Test func labelValuesArePassedLiterally() throws {
        let dir = try TempDir()
        let marker = dir.file("pwned")
        let evil = "$(touch \(marker)); rm -rf x `touch \(marker)` && touch \(marker)"
        var q = p
        q.group = evil
        q.action.summary = .escalate(group: evil)
        let r = CommandHook(argv: ["/usr/bin/printenv", "VIGIL_GROUP"]).run(proposal: q, json: CommandHook.json(for: q))
        #expect(r.outputHead == evil + "\n")
        let echo = CommandHook(argv: ["/bin/echo", evil]).run(proposal: q, json: "{}")
        #expect(echo.outputHead == evil + "\n")
        let cat = CommandHook(argv: ["/bin/cat"]).run(proposal: q)
        #expect(cat.outputHead.contains("\"group\":\"$(touch \(marker)); rm -rf x `touch \(marker)` && touch \(marker)\""))
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func missingExecutableIsReportedNotThrown() {
        let r = CommandHook(argv: ["/nonexistent/vigil-hook"]).run(proposal: p, json: "{}")
        #expect(!r.succeeded && r.exitStatus == 127 && r.spawnError != nil)
        #expect(r.description.contains("could not start"))
        let empty = CommandHook(argv: []).run(proposal: p, json: "{}")
        #expect(empty.spawnError == "empty argv")
    }

    @Test func pathLookupWorks() {
        let r = CommandHook(argv: ["sh", "-c", "exit 0"]).run(proposal: p, json: "")
        #expect(r.succeeded)
    }
}

/// True when `pid` is a zombie (exited, not yet reaped by its new parent).
func isZombie(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return false }
    return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
}

/// A child that ignores SIGTERM must not outlive a timed-out hook whose leader obeyed it.
@Test func stubbornGrandchildDiesWithTheGroup() throws {
    let dir = try TempDir()
    let pidFile = dir.file("child.pid")
    let r = CommandHook(argv: ["/bin/sh", "-c", "sh -c 'trap \"\" TERM; while :; do sleep 1; done' & echo $! > \"$1\"; wait", "hook", pidFile],
                        timeout: .seconds(0.3)).run(proposal: sampleProposal(), json: "{}")
    #expect(r.timedOut)
    let child = try #require(Int32(try dir.read("child.pid").trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(eventually(within: 10) { kill(child, 0) != 0 || isZombie(child) }, "SIGTERM-ignoring child \(child) survived")
}
