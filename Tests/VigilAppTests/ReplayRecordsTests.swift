import Testing
@testable import VigilApp
import VigilCore
import VigilTestSupport

/// The driver reads a recording by position from its batches: the same
/// records, in the same order, as the batches flattened.
@Suite struct ReplayRecordsTests {
    /// 600 records (samples in columns, a few kept whole, times that repeat),
    /// cut into batches of random sizes, some empty.
    func recording(seed: UInt64) -> (batches: [RecordBatch], flat: [Record]) {
        var rng = SplitMix64(seed: seed)
        let start = EventTime.utc(year: 2026, month: 2, day: 14, hour: 10)
        var batches: [RecordBatch] = []
        var batch = RecordBatch()
        let series = batch.addSeries(.init(metric: "errors.rate", labels: Labels(["deployment": "a"])))
        var ms: Int64 = 0
        for i in 0..<600 {
            if rng.uniform() < 0.05 {
                batches.append(batch)
                batch = RecordBatch()
                if rng.uniform() < 0.3 { batches.append(RecordBatch()) }
            }
            if rng.uniform() < 0.5 { ms += 1000 }
            let t = start.adding(Duration(milliseconds: ms))
            if i % 37 == 0 {
                batch.append(.event(Event(time: t, kind: .deploy(DeployEvent(flag: "a.model", from: "v1", to: "v2", weight: 10)))))
            } else if batch.series.isEmpty {
                batch.append(.sample(Sample(time: t, metric: "quality.score", value: Double(i), labels: Labels())))
            } else {
                batch.appendSample(milliseconds: t.milliseconds, value: Double(i), series: series)
            }
        }
        batches.append(batch)
        return (batches, batches.flatMap { $0 })
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func positionsReadTheSameRecordsAsTheFlattenedBatches(seed: UInt64) {
        let (batches, flat) = recording(seed: seed)
        let records = ReplayRecords(batches)
        #expect(records.count == flat.count)
        #expect(Array(records) == flat)
        #expect(records.indices.allSatisfy { records.time(at: $0) == flat[$0].time })
        var rng = SplitMix64(seed: seed + 100)
        for _ in 0..<200 {
            let a = Int(rng.uniform() * Double(flat.count)), b = Int(rng.uniform() * Double(flat.count))
            let range = min(a, b)..<max(a, b)
            #expect(records.records(in: range) == Array(flat[range]))
            // A run of equal times, of times up to a target, and a capped run.
            let t = flat[range.lowerBound].time
            let sameEnd = flat[range.lowerBound...].firstIndex { $0.time != t } ?? flat.count
            #expect(records.endOfRun(from: range.lowerBound) { $0 == t } == sameEnd)
            let target = flat[range.upperBound].time
            let upTo = flat[range.lowerBound...].firstIndex { $0.time > target } ?? flat.count
            #expect(records.endOfRun(from: range.lowerBound) { $0 <= target } == upTo)
            #expect(records.endOfRun(from: range.lowerBound, limit: 5) { $0 <= target } == min(upTo, range.lowerBound + 5))
        }
        #expect(records.endOfRun(from: flat.count) { _ in true } == flat.count)
        #expect(records.records(in: flat.count..<flat.count).isEmpty)
    }

    @Test func anEmptyRecordingHasNoPositions() {
        let records = ReplayRecords([RecordBatch(), RecordBatch()])
        #expect(records.isEmpty)
        #expect(records.endOfRun(from: 0) { _ in true } == 0)
    }
}
