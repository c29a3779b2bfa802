import Foundation
import Testing
import VigilCore
import VigilTestSupport
@testable import VigilPrometheus

/// Each failure a server can produce, from a stub on a loopback port: the
/// client says what happened, retries what may pass, and never hangs.
@Suite struct ClientFailureTests {
    func source(_ url: String, retries: Int = 0, timeout: Duration = .seconds(5)) -> PrometheusSource {
        var s = PrometheusSource(name: "stub", baseURL: url)
        s.retries = retries
        s.timeout = timeout
        s.queries = [PrometheusQuery(metric: "quality.score", promQL: "quality_score")]
        return s
    }

    func query(_ s: PrometheusSource, environment: [String: String] = [:]) throws -> (Result<RangeAnswer, PrometheusError>, Int) {
        let client = try PrometheusClient(source: s, environment: environment)
        defer { client.shutdown() }
        return retrying(retries: s.retries, backoff: Backoff(base: 0.001, cap: 0.01), wait: { _ in true }) {
            client.queryRange("quality_score", chunk: RangeChunk(start: 0, end: 30_000), step: 15_000)
        }
    }

    @Test func aGoodAnswerSendsTheRangeAndTheBearerTokenFromAFile() throws {
        let stub = try LoopbackHTTPServer { _ in .init(body: matrixBody(series: 1, points: 3, start: 0, step: 15)) }
        defer { stub.close() }
        let dir = temporaryDirectory("prom-token")
        try "s3cret-token\n".write(toFile: dir + "/token", atomically: true, encoding: .utf8)
        var s = source(stub.url)
        s.auth = .bearer(.file(dir + "/token"))
        let (r, _) = try query(s)
        #expect(try r.get().pointCount == 3)
        let head = try #require(stub.requests.first)
        #expect(head.hasPrefix("GET /api/v1/query_range?query=quality_score&start=0&end=30&step=15 "), "\(head)")
        #expect(head.contains("Authorization: Bearer s3cret-token\r\n"), "\(head)")
    }

    @Test func anAuthErrorIsNotRetriedAndSaysToCheckTheCredentials() throws {
        let stub = try LoopbackHTTPServer { _ in .init(status: 401, body: "unauthorized") }
        defer { stub.close() }
        let (r, attempts) = try query(source(stub.url, retries: 3))
        #expect(r.failure == .unauthorized(status: 401, message: "unauthorized"))
        #expect(attempts == 1 && stub.requests.count == 1)
        #expect("\(r.failure!)".contains("check the token"))
    }

    @Test func aMissingSecretSendsNoRequest() throws {
        let stub = try LoopbackHTTPServer { _ in .init(body: matrixBody(series: 1, points: 1, start: 0, step: 15)) }
        defer { stub.close() }
        var s = source(stub.url)
        s.auth = .basic(username: "vigil", password: .environment("VIGIL_TEST_NO_SUCH_VARIABLE"))
        let (r, _) = try query(s, environment: [:])
        #expect(r.failure == .credentials("environment variable VIGIL_TEST_NO_SUCH_VARIABLE is not set"))
        #expect(stub.requests.isEmpty)
        let (ok, _) = try query(s, environment: ["VIGIL_TEST_NO_SUCH_VARIABLE": "pw"])
        #expect(ok.failure == nil)
        #expect(stub.requests.first?.contains("Authorization: Basic dmlnaWw6cHc=\r\n") == true)
    }

    @Test func a5xxIsRetriedThenReportedWithTheServersMessage() throws {
        let stub = try LoopbackHTTPServer { _ in .init(status: 503, body: #"{"status":"error","errorType":"unavailable","error":"TSDB not ready"}"#) }
        defer { stub.close() }
        let (r, attempts) = try query(source(stub.url, retries: 2))
        #expect(r.failure == .http(status: 503, message: "TSDB not ready"))
        #expect(attempts == 3 && stub.requests.count == 3)
    }

    @Test func a429IsReportedWithItsRetryAfter() throws {
        let stub = try LoopbackHTTPServer { _ in .init(status: 429, headers: [("Retry-After", "2")], body: "slow down") }
        defer { stub.close() }
        let (r, _) = try query(source(stub.url))
        #expect(r.failure == .rateLimited(retryAfter: 2))
    }

    @Test func aRetryAfterDateCountsFromTheClientsWallClock() throws {
        let stub = try LoopbackHTTPServer { _ in
            .init(status: 429, headers: [("Retry-After", "Sat, 14 Feb 2026 10:01:00 GMT")], body: "slow down")
        }
        defer { stub.close() }
        // 10:00:15 by the client's clock: the date is 45 s away.
        let client = try PrometheusClient(source: source(stub.url), environment: [:],
                                          wallClock: { 1_771_063_215_000 })
        defer { client.shutdown() }
        let r = client.queryRange("quality_score", chunk: RangeChunk(start: 0, end: 30_000), step: 15_000)
        #expect(r.failure == .rateLimited(retryAfter: 45))
    }

    @Test func anAnswerThatNeverComesIsATimeout() throws {
        let stub = try LoopbackHTTPServer { _ in .init(hang: true) }
        defer { stub.close() }
        let (r, _) = try query(source(stub.url, timeout: Duration(milliseconds: 300)))
        #expect(r.failure == .timeout(seconds: 0.3), "\(String(describing: r.failure))")
    }

    @Test func aServerThatIsDownIsUnreachable() throws {
        let stub = try LoopbackHTTPServer { _ in .init() }
        let url = stub.url
        stub.close()
        let (r, _) = try query(source(url))
        guard case .unreachable = r.failure else { Issue.record("\(String(describing: r.failure))"); return }
    }

    @Test func anAnswerLargerThanTheLimitIsRefused() throws {
        let stub = try LoopbackHTTPServer { _ in .init(body: matrixBody(series: 200, points: 50, start: 0, step: 15)) }
        defer { stub.close() }
        var s = source(stub.url)
        s.maxBytes = 4096
        let (r, _) = try query(s)
        #expect(r.failure == .tooLarge(limit: 4096))
    }

    @Test func anUnreadableCAFileStopsTheClientAtStart() {
        var s = source("https://127.0.0.1:1")
        s.caFile = "/nonexistent/ca.pem"
        #expect(throws: PrometheusError.self) { try PrometheusClient(source: s) }
    }
}
