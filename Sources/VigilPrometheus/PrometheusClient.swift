import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import VigilSystem

/// Speaks one Prometheus-compatible server's HTTP API (decision 0024: why
/// AsyncHTTPClient). Each call is synchronous: the poller and `vigil
/// record` run it on their own thread, so a slow server stalls only them.
public final class PrometheusClient: Sendable {
    public let source: PrometheusSource
    private let http: HTTPClient
    private let environment: [String: String]
    /// Milliseconds since the epoch: what a `Retry-After` date is counted from.
    private let wallClock: @Sendable () -> Int64

    /// Builds the TLS settings now, so an unreadable CA file is an error at
    /// start, not at the first poll.
    public init(source: PrometheusSource,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                wallClock: @escaping @Sendable () -> Int64 = { WallClock.nowMillis() }) throws(PrometheusError) {
        self.source = source
        self.environment = environment
        self.wallClock = wallClock
        var tls = TLSConfiguration.makeClientConfiguration()
        do {
            if let ca = source.caFile {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(ca))
            }
            if let cert = source.certFile, let key = source.keyFile {
                tls.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            }
        } catch {
            throw .tls("cannot load the certificate files: \(clip(String(describing: error)))")
        }
        let timeout = TimeAmount.milliseconds(max(1, source.timeout.milliseconds))
        var config = HTTPClient.Configuration(tlsConfiguration: tls,
                                              redirectConfiguration: .disallow,
                                              timeout: .init(connect: timeout, read: timeout),
                                              connectionPool: HTTPClient.Configuration.ConnectionPool())
        config.httpVersion = .http1Only
        // A refused connection fails now and is retried by `retrying`'s
        // schedule (which the health counts), not silently until the deadline.
        config.connectionPool.retryConnectionEstablishment = false
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
    }

    /// Closes the connections; the client is unusable afterwards.
    public func shutdown() { try? http.syncShutdown() }

    /// One `query_range` request (no retry).
    public func queryRange(_ promQL: String, chunk: RangeChunk, step: Int64) -> Result<RangeAnswer, PrometheusError> {
        get("/api/v1/query_range", [("query", promQL), ("start", seconds(chunk.start)),
                                    ("end", seconds(chunk.end)), ("step", seconds(step))])
            .flatMap(RangeAnswer.decode)
    }

    /// `GET base+path?parameters`: the body of a 2xx answer, else the error
    /// the status (and the body's message, if it has one) says.
    func get(_ path: String, _ parameters: [(String, String)]) -> Result<[UInt8], PrometheusError> {
        let header: String?
        switch source.auth.header(environment: environment) {
        case .failure(let e): return .failure(e)
        case .success(let h): header = h
        }
        var base = source.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        let url = base + path + "?" + parameters.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
        var headers = HTTPHeaders([("Accept", "application/json"), ("User-Agent", "vigil")])
        if let header { headers.add(name: "Authorization", value: header) }
        let request: HTTPClient.Request
        do { request = try HTTPClient.Request(url: url, method: .GET, headers: headers) } catch {
            return .failure(.badResponse("cannot make a request of \(clip(base)): \(clip(String(describing: error)))"))
        }
        let limit = source.maxBytes
        let seconds = Double(source.timeout.milliseconds) / 1000
        let response: HTTPClient.Response
        do {
            let delegate = ResponseAccumulator(request: request, maxBodySize: limit)
            response = try http.execute(request: request, delegate: delegate,
                                        deadline: .now() + .milliseconds(max(1, source.timeout.milliseconds))).wait()
        } catch let e as HTTPClientError {
            switch e {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout: return .failure(.timeout(seconds: seconds))
            default: return .failure(.unreachable(clip(String(describing: e))))
            }
        } catch is ResponseAccumulator.ResponseTooBigError {
            return .failure(.tooLarge(limit: limit))
        } catch {
            return .failure(.unreachable(clip(String(describing: error))))
        }
        let body = response.body.map { Array($0.readableBytesView) } ?? []
        let status = Int(response.status.code)
        if (200..<300).contains(status) { return .success(body) }
        let message = Self.errorMessage(body)
        switch status {
        case 401, 403: return .failure(.unauthorized(status: status, message: message))
        case 429:
            let after = Backoff.retryAfter(response.headers.first(name: "Retry-After"),
                                           now: Double(wallClock()) / 1000)
            return .failure(.rateLimited(retryAfter: after))
        default: return .failure(.http(status: status, message: message))
        }
    }

    /// The `error` of an API error body, else the start of the body as text.
    static func errorMessage(_ body: [UInt8]) -> String {
        if let node = try? JSONParser.parse(body), let e = node["error"]?.stringValue { return clip(e) }
        return clip(String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Milliseconds since the epoch as the API's decimal seconds (`1771063200.25`).
func seconds(_ ms: Int64) -> String {
    let (q, r) = ms.quotientAndRemainder(dividingBy: 1000)
    if r == 0 { return String(q) }
    let sign = ms < 0 && q == 0 ? "-" : ""
    let frac = String(abs(r))
    return sign + String(q) + "." + String(repeating: "0", count: 3 - frac.count) + frac
}

/// RFC 3986 percent-encoding of everything but the unreserved characters.
func percentEncoded(_ s: String) -> String {
    var out = ""
    for b in s.utf8 {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "_"), UInt8(ascii: "~"):
            out.unicodeScalars.append(Unicode.Scalar(b))
        default:
            out += "%" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
        }
    }
    return out
}

private extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
