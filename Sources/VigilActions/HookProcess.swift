import VigilCore
import VigilSystem

/// A hook run: VigilSystem's child process in a group of its own, stdin fed,
/// output bounded, the group killed on timeout. Foundation's Process cannot
/// put the child in its own process group (needed to kill a hook's children
/// on timeout) and reads output unbounded, hence not that.
enum HookProcess {
    static func run(argv: [String], environment: [String: String], stdin: [UInt8], timeout: VigilCore.Duration,
                    maxLines: Int, maxBytes: Int, directory: String?) -> HookResult {
        do {
            let r = try ChildProcess.run(argv, environment: environment, input: stdin, directory: directory,
                                         timeoutMillis: max(0, timeout.milliseconds),
                                         limit: .init(lines: maxLines, bytes: maxBytes))
            return HookResult(exitStatus: r.status.code, signal: r.status.signal, timedOut: r.timedOut,
                              outputHead: String(decoding: r.output, as: UTF8.self),
                              outputTruncated: r.outputTruncated, spawnError: nil)
        } catch {
            return HookResult(exitStatus: 127, signal: nil, timedOut: false, outputHead: "", outputTruncated: false,
                              spawnError: error.description)
        }
    }
}
