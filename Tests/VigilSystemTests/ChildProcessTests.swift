#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import VigilSystem

@Suite struct ChildProcessTests {
    @Test func feedsInputAndKeepsStdoutAndStderrApart() throws {
        let r = try ChildProcess.run(["/bin/sh", "-c", "cat; echo oops >&2; exit 3"], input: Array("hello\n".utf8),
                                     stderr: .captured)
        #expect(r.status.code == 3 && r.status.signal == nil && !r.timedOut)
        #expect(String(decoding: r.output, as: UTF8.self) == "hello\n")
        #expect(String(decoding: r.errorOutput, as: UTF8.self) == "oops\n")
    }

    @Test func argvIsNeverInterpretedByAShell() throws {
        let r = try ChildProcess.run(["/bin/echo", "$(id)", ";", "*"])
        #expect(String(decoding: r.output, as: UTF8.self) == "$(id) ; *\n")
    }

    @Test func keepsOnlyTheHeadOfOutput() throws {
        let r = try ChildProcess.run(["/bin/sh", "-c", "for i in 1 2 3 4 5; do echo $i; done"],
                                     limit: .init(lines: 2, bytes: 1000))
        #expect(String(decoding: r.output, as: UTF8.self) == "1\n2\n")
        #expect(r.outputTruncated)
    }

    @Test func aChildGetsNoDescriptorOfOursBeyondTheStandardThree() throws {
        let fd = open("/dev/null", O_RDONLY)
        #expect(fd >= 0)
        let high: Int32 = 77
        #expect(dup2(fd, high) == high)
        defer { close(fd); close(high) }
        let r = try ChildProcess.run(["/bin/ls", "/proc/self/fd"])
        let open = String(decoding: r.output, as: UTF8.self).split(separator: "\n")
        #expect(!open.contains("77"), "\(open)")
    }

    @Test func startsInTheGivenDirectory() throws {
        let r = try ChildProcess.run(["/bin/pwd"], directory: "/")
        #expect(String(decoding: r.output, as: UTF8.self) == "/\n")
    }

    @Test func aProgramThatDoesNotExistIsASpawnError() {
        #expect(throws: SpawnError.self) { try ChildProcess.run(["/nonexistent/vigil-test"]) }
        #expect(throws: SpawnError.self) { try ChildProcess.run([]) }
    }
}
