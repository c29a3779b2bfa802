/// Prometheus refuses a range query of more than 11,000 points per series;
/// longer ranges are asked for in chunks of at most this many.
public let prometheusMaxPoints = 11_000

/// One range query's span: evaluation times `start`, `start + step`, … up to
/// `end`, in milliseconds since the epoch, both on the step's grid.
public struct RangeChunk: Sendable, Hashable {
    public var start: Int64
    public var end: Int64

    public init(start: Int64, end: Int64) { self.start = start; self.end = end }

    /// Evaluation times in the chunk at `step`.
    public func points(step: Int64) -> Int { Int((end - start) / step) + 1 }
}

/// `t` rounded down to a multiple of `step` (toward the past, also before 1970).
public func alignDown(_ t: Int64, step: Int64) -> Int64 {
    precondition(step > 0)
    let r = t % step
    return r >= 0 ? t - r : t - r - step
}

/// The range from `start` to `end` (aligned onto the step's grid: the first
/// multiple of `step` at or after `start`, the last at or before `end`) cut
/// into chunks of at most `maxPoints` evaluation times, in time order.
/// Empty when no grid point lies in the range.
public func rangeChunks(start: Int64, end: Int64, step: Int64, maxPoints: Int = prometheusMaxPoints) -> [RangeChunk] {
    precondition(step > 0 && maxPoints > 0)
    let aligned = alignDown(start, step: step)
    let first = aligned == start ? start : aligned + step
    let last = alignDown(end, step: step)
    guard first <= last else { return [] }
    let span = Int64(maxPoints - 1) * step
    var chunks: [RangeChunk] = []
    var s = first
    while s <= last {
        let e = min(last, s + span)
        chunks.append(RangeChunk(start: s, end: e))
        s = e + step
    }
    return chunks
}
