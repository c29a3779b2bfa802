import Foundation
import VigilSystem
import VigilTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A real Prometheus (Debian's 2.42, `.ci/run` installs it) on a free
/// loopback port, over a TSDB that `promtool` backfilled from OpenMetrics
/// text: the API Vigil reads, answered by the real thing.
final class RealPrometheus: @unchecked Sendable {
    /// Both programs are on the PATH. Tests that need them are disabled
    /// (with this message) otherwise; CI always installs them.
    static let installed = ["prometheus", "promtool"].allSatisfy { program in
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(program)")
        }
    }
    static let missing = "SKIPPED LOUDLY: prometheus/promtool are not installed (apt-get install -y prometheus); the real-server tests did not run"

    let dir = temporaryDirectory("prometheus")
    let port: Int
    var url: String { "\(tls ? "https" : "http")://127.0.0.1:\(port)" }
    private var pid: pid_t = 0
    private let tls: Bool

    /// Backfills `openMetrics` (gauges, times in seconds, ending `# EOF`)
    /// and starts the server; with `tls`, it serves HTTPS with a
    /// certificate from a CA of its own (`caFile`).
    init(openMetrics: String, tls: Bool = false) throws {
        self.tls = tls
        port = try freePort()
        try openMetrics.write(toFile: dir + "/history.om", atomically: true, encoding: .utf8)
        let backfill = try ChildProcess.run(["promtool", "tsdb", "create-blocks-from", "openmetrics",
                                             dir + "/history.om", dir + "/tsdb"], timeoutMillis: 60_000)
        guard backfill.status.code == 0 else {
            throw E2EError("promtool failed: \(String(decoding: backfill.output, as: UTF8.self))")
        }
        try "global: {scrape_interval: 1h}\nscrape_configs: []\n".write(toFile: dir + "/prometheus.yml", atomically: true, encoding: .utf8)
        if tls { try makeCertificates() }
        try start()
    }

    var caFile: String { dir + "/ca.pem" }

    func start() throws {
        var argv = ["prometheus", "--config.file=\(dir)/prometheus.yml", "--storage.tsdb.path=\(dir)/tsdb",
                    "--storage.tsdb.retention.time=100y", "--web.listen-address=127.0.0.1:\(port)"]
        if tls { argv.append("--web.config.file=\(dir)/web.yml") }
        pid = try ChildProcess.start(argv, stdout: .path(dir + "/prometheus.log", append: true),
                                     stderr: .path(dir + "/prometheus.log", append: true))
        guard eventually(within: 60, pollEvery: 0.05, { self.ready() }) else {
            stop()
            throw E2EError("prometheus did not get ready on port \(port): \((try? String(contentsOfFile: dir + "/prometheus.log", encoding: .utf8)) ?? "")")
        }
    }

    func stop() { terminate(&pid) }

    deinit { stop() }

    /// `GET /-/ready` answers 200; a TLS server counts as ready once its port
    /// accepts (speaking TLS here would need a client of its own).
    private func ready() -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return false }
        if tls { return true }
        let request = Array("GET /-/ready HTTP/1.0\r\n\r\n".utf8)
        guard send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else { return false }
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = recv(fd, &buffer, buffer.count, 0)
        return n > 12 && String(decoding: buffer[0..<n], as: UTF8.self).hasPrefix("HTTP/1.0 200")
    }

    private func makeCertificates() throws {
        try "subjectAltName=IP:127.0.0.1\n".write(toFile: dir + "/san.cnf", atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", dir + "/ca.key", "-out", dir + "/ca.pem", "-days", "2", "-subj", "/CN=vigil test CA"],
            ["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", dir + "/server.key", "-out", dir + "/server.csr", "-subj", "/CN=127.0.0.1"],
            ["openssl", "x509", "-req", "-in", dir + "/server.csr", "-CA", dir + "/ca.pem", "-CAkey", dir + "/ca.key",
             "-CAcreateserial", "-out", dir + "/server.pem", "-days", "2", "-extfile", dir + "/san.cnf"],
        ]
        for argv in steps {
            let r = try ChildProcess.run(argv, timeoutMillis: 60_000)
            guard r.status.code == 0 else { throw E2EError("\(argv[0]) \(argv[1]) failed: \(String(decoding: r.output, as: UTF8.self))") }
        }
        try "tls_server_config:\n  cert_file: \(dir)/server.pem\n  key_file: \(dir)/server.key\n"
            .write(toFile: dir + "/web.yml", atomically: true, encoding: .utf8)
    }
}

/// Stops a child we started (SIGTERM, then waits for it); `pid` becomes 0,
/// so stopping twice is harmless.
func terminate(_ pid: inout pid_t) {
    guard pid > 0 else { return }
    kill(pid, SIGTERM)
    _ = ChildProcess.wait(pid)
    pid = 0
}

/// A loopback port nobody listens on right now.
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p -> Bool in
            bind(fd, p, len) == 0 && getsockname(fd, p, &len) == 0
        }
    }
    guard ok else { throw E2EError("no free port") }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// Gauges as OpenMetrics text for `promtool`: each family's samples together,
/// times in seconds, `# EOF` last.
func openMetrics(_ families: [(name: String, samples: [(labels: String, value: Double, time: Int64)])]) -> String {
    var out = ""
    for f in families {
        out += "# TYPE \(f.name) gauge\n"
        for s in f.samples { out += "\(f.name){\(s.labels)} \(s.value) \(s.time)\n" }
    }
    return out + "# EOF\n"
}
