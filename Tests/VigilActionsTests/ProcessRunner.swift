import Foundation
import VigilSystem

struct ProcessRun { var status: Int32; var stdout: String; var stderr: String; var timedOut: Bool }

/// Runs argv (no shell) to completion or `timeout` seconds, with stdout and
/// stderr kept apart.
func runProcess(_ argv: [String], stdin: String? = nil, env: [String: String] = [:], timeout: Double) throws -> ProcessRun {
    let r = try ChildProcess.run(argv, environment: ProcessInfo.processInfo.environment.merging(env) { $1 },
                                 input: Array((stdin ?? "").utf8), timeoutMillis: Int64(timeout * 1000),
                                 stderr: .captured)
    return ProcessRun(status: r.status.code, stdout: String(decoding: r.output, as: UTF8.self),
                      stderr: String(decoding: r.errorOutput, as: UTF8.self), timedOut: r.timedOut)
}
