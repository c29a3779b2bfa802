import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on a loopback port, for the failures a real
/// server will not produce on demand (a 5xx, a 429, an auth error, an answer
/// that never comes, hostile bodies). Each connection gets one answer from
/// `reply` and is closed.
public final class LoopbackHTTPServer: @unchecked Sendable {
    public struct Reply: Sendable {
        public var status = 200
        public var headers: [(String, String)] = []
        public var body = ""
        /// Never answer: the connection stays open until the server closes
        /// (a server that hangs, for timeouts).
        public var hang = false

        public init(status: Int = 200, headers: [(String, String)] = [], body: String = "", hang: Bool = false) {
            self.status = status; self.headers = headers; self.body = body; self.hang = hang
        }
    }

    public let port: Int
    public var url: String { "http://127.0.0.1:\(port)" }
    private let listener: Int32
    private let lock = NSLock()
    private var heads: [String] = []
    private var hanging: [Int32] = []
    private var closed = false
    private var reply: @Sendable (String) -> Reply
    private let done = DispatchSemaphore(value: 0)

    public init(_ reply: @escaping @Sendable (_ requestHead: String) -> Reply) throws {
        self.reply = reply
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &len) }
        }
        port = Int(UInt16(bigEndian: addr.sin_port))
        guard bound == 0, listen(listener, 16) == 0 else { Glibc.close(listener); throw POSIXError(.EADDRINUSE) }
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// Every request head received so far (request line and headers).
    public var requests: [String] { lock.withLock { heads } }

    public func answer(_ reply: @escaping @Sendable (String) -> Reply) { lock.withLock { self.reply = reply } }

    /// Stops accepting and drops every connection, hanging ones included.
    /// Safe to call more than once.
    public func close() {
        guard lock.withLock({ () -> Bool in defer { closed = true }; return !closed }) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        done.wait()
        Glibc.close(listener)
        for fd in lock.withLock({ hanging }) { shutdown(fd, Int32(SHUT_RDWR)); Glibc.close(fd) }
    }

    private func serve() {
        defer { done.signal() }
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 { if errno == EINTR { continue }; return }
            var head = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !head.ends(with: Array("\r\n\r\n".utf8)), head.count < 65_536 {
                let n = read(fd, &buffer, buffer.count)
                if n <= 0 { break }
                head += buffer[0..<n]
            }
            let text = String(decoding: head, as: UTF8.self)
            let answer = lock.withLock { () -> @Sendable (String) -> Reply in heads.append(text); return reply }
            let r = answer(text)
            if r.hang { lock.withLock { hanging.append(fd) }; continue }
            let body = Array(r.body.utf8)
            var out = "HTTP/1.1 \(r.status) Stub\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
            if !r.headers.contains(where: { $0.0.lowercased() == "content-type" }) { out += "Content-Type: application/json\r\n" }
            for (k, v) in r.headers { out += "\(k): \(v)\r\n" }
            let bytes = Array((out + "\r\n").utf8) + body
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { break }
                sent += n
            }
            Glibc.close(fd)
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
