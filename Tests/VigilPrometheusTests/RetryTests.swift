import Testing
@testable import VigilPrometheus

@Suite struct RetryTests {
    @Test func backoffIsJitteredUnderAnExponentialBoundWithACap() {
        let b = Backoff(base: 0.5, cap: 4)
        #expect(b.delay(attempt: 0, random: 0.999) < 0.5)
        #expect(b.delay(attempt: 2, random: 0.5) == 1)
        #expect(b.delay(attempt: 20, random: 0.999) < 4)
        #expect(b.delay(attempt: 3, random: 0) == 0)
    }

    @Test func retryAfterReadsSecondsAndDatesAndIsBounded() {
        #expect(Backoff.retryAfter("7", now: 0) == 7)
        #expect(Backoff.retryAfter("99999", now: 0) == 300)
        // 2026-10-21T07:28:00Z is 1792567680.
        #expect(Backoff.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT", now: 1_792_567_670) == 10)
        #expect(Backoff.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT", now: 1_792_567_690) == 0)
        #expect(Backoff.retryAfter("soon", now: 0) == nil)
        #expect(Backoff.retryAfter(nil, now: 0) == nil)
    }

    @Test func transientFailuresAreRetriedPermanentOnesAreNot() {
        var waits: [Double] = []
        var calls = 0
        let (r, attempts) = retrying(retries: 3, random: { 0.5 }, wait: { waits.append($0); return true }) { () -> Result<Int, PrometheusError> in
            calls += 1
            return calls < 3 ? .failure(.http(status: 503, message: "")) : .success(7)
        }
        #expect((try? r.get()) == 7 && attempts == 3 && waits.count == 2)

        calls = 0
        let (auth, authAttempts) = retrying(retries: 3, wait: { _ in true }) { () -> Result<Int, PrometheusError> in
            calls += 1
            return .failure(.unauthorized(status: 401, message: ""))
        }
        #expect(auth.failure == .unauthorized(status: 401, message: "") && authAttempts == 1)

        waits = []
        let (limited, limitedAttempts) = retrying(retries: 2, random: { 0 }, wait: { waits.append($0); return true }) { () -> Result<Int, PrometheusError> in
            .failure(.rateLimited(retryAfter: 9))
        }
        #expect(limited.failure == .rateLimited(retryAfter: 9) && limitedAttempts == 3 && waits == [9, 9])

        let (stopped, stoppedAttempts) = retrying(retries: 5, wait: { _ in false }) { () -> Result<Int, PrometheusError> in
            .failure(.unreachable("refused"))
        }
        #expect(stopped.failure != nil && stoppedAttempts == 1)
    }
}
