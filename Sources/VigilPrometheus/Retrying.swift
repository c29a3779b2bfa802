/// Runs `attempt` until it succeeds, fails for good (`isTransient` false),
/// or `retries` more attempts have failed; between attempts it waits the
/// backoff's jittered delay, or as long as a 429's `Retry-After` asks.
///
/// `wait` does the waiting and returns false when the caller is stopping
/// (no further attempt is made then); `random` draws the jitter. Both are
/// parameters so tests run the schedule without waiting.
public func retrying<T>(retries: Int, backoff: Backoff = Backoff(),
                        random: () -> Double = { Double.random(in: 0..<1) },
                        wait: (Double) -> Bool,
                        _ attempt: () -> Result<T, PrometheusError>) -> (result: Result<T, PrometheusError>, attempts: Int) {
    var attempts = 0
    while true {
        let result = attempt()
        attempts += 1
        guard case .failure(let error) = result, error.isTransient, attempts <= retries else {
            return (result, attempts)
        }
        var delay = backoff.delay(attempt: attempts - 1, random: random())
        if case .rateLimited(let after?) = error { delay = max(delay, after) }
        guard wait(delay) else { return (result, attempts) }
    }
}
