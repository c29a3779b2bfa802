import Foundation
import Glibc

struct ProcessRun { var status: Int32; var stdout: String; var stderr: String; var timedOut: Bool }

/// Runs argv (no shell) to completion or `timeout` seconds; stderr goes to a
/// temp file so a chatty child cannot fill a pipe and deadlock the test.
func runProcess(_ argv: [String], stdin: String? = nil, env: [String: String] = [:], timeout: Double) throws -> ProcessRun {
    let dir = try TempDir()
    let errPath = dir.file("stderr")
    guard FileManager.default.createFile(atPath: errPath, contents: nil) else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: errPath])
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: argv[0])
    p.arguments = Array(argv.dropFirst())
    p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
    let out = Pipe()
    let input = Pipe()
    p.standardOutput = out
    p.standardInput = input
    p.standardError = FileHandle(forWritingAtPath: errPath)
    try p.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try? input.fileHandleForWriting.close()
    let killer = DispatchWorkItem { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    killer.cancel()
    let timedOut = p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL
    let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    return ProcessRun(status: p.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: err, timedOut: timedOut)
}
