import Testing
@testable import VigilPrometheus

@Suite struct RangePlanTests {
    @Test func alignsDownOnTheGridAlsoBeforeTheEpoch() {
        #expect(alignDown(31_000, step: 15_000) == 30_000)
        #expect(alignDown(30_000, step: 15_000) == 30_000)
        #expect(alignDown(-1, step: 15_000) == -15_000)
    }

    @Test func chunksStayUnderTheServersPointLimitAndCoverTheRangeOnce() {
        let step: Int64 = 10_000
        // A day at 10 s is 8,641 points: one chunk. Three days: three chunks.
        #expect(rangeChunks(start: 0, end: 86_400_000, step: step).count == 1)
        let chunks = rangeChunks(start: 5_000, end: 3 * 86_400_000 + 5_000, step: step)
        #expect(chunks.first?.start == 10_000)
        let lastEnd = chunks.last?.end ?? -1
        #expect(lastEnd == 259_200_000)
        for c in chunks { #expect(c.points(step: step) <= prometheusMaxPoints) }
        for (a, b) in zip(chunks, chunks.dropFirst()) { #expect(b.start == a.end + step) }
        #expect(chunks.reduce(0) { $0 + $1.points(step: step) } == 3 * 8_640)
        #expect(rangeChunks(start: 11_000, end: 19_000, step: step).isEmpty)
    }
}
