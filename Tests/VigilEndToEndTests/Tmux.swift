import Foundation

/// Drives a real terminal: one private tmux session per test.
struct Tmux {
    let name: String

    init(width: Int = 160, height: Int = 48) throws {
        name = "vigil-e2e-\(UUID().uuidString.prefix(8))"
        try Self.run(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", "-e", "PS1=$ ", "bash", "--norc", "--noprofile"])
    }

    func type(_ text: String) throws { try Self.run(["send-keys", "-t", name, "-l", text]) }
    func press(_ key: String) throws { try Self.run(["send-keys", "-t", name, key]) }
    func line(_ command: String) throws { try type(command); try press("Enter") }

    /// The visible screen as text (`escapes`: with colour escape sequences).
    func capture(escapes: Bool = false) throws -> String {
        try Self.run(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
    }

    func resize(width: Int, height: Int) throws {
        try Self.run(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen until `predicate` holds or `seconds` pass; returns the last capture.
    @discardableResult
    func waitFor(_ seconds: Double, _ what: String, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try capture()
            if predicate(last) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw E2EError("timed out after \(seconds)s waiting for \(what); screen was:\n\(last)")
    }

    func kill() { _ = try? Self.run(["kill-session", "-t", name]) }

    @discardableResult
    static func run(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["tmux"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard p.terminationStatus == 0 else { throw E2EError("tmux \(args.first ?? ""): \(text)") }
        return text
    }
}

struct E2EError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// The package root, from this file's path.
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The `vigil` binary built beside this test bundle.
func vigilBinary() throws -> String {
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var dir = exe.deletingLastPathComponent()
    // macOS runs tests from inside an .xctest bundle.
    while dir.pathExtension == "xctest" || dir.lastPathComponent == "MacOS" || dir.lastPathComponent == "Contents" {
        dir.deleteLastPathComponent()
    }
    for candidate in [dir.appendingPathComponent("vigil").path, packageRoot + "/.build/debug/vigil"]
    where FileManager.default.isExecutableFile(atPath: candidate) {
        return candidate
    }
    throw E2EError("the vigil binary was not found beside the tests (\(dir.path)); run `swift build` first")
}

func temporaryDirectory(_ tag: String) -> String {
    let dir = NSTemporaryDirectory() + "vigil-\(tag)-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

func waitUntil(_ seconds: Double, _ what: String, _ predicate: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if predicate() { return }
        Thread.sleep(forTimeInterval: 0.1)
    }
    throw E2EError("timed out after \(seconds)s waiting for \(what)")
}
