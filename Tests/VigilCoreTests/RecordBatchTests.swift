import Testing
@testable import VigilCore

/// A batch stands for its records: as a collection it yields them, and the
/// governor concludes from it exactly what it concludes from them one by one.
@Suite struct RecordBatchTests {
    /// Samples in columns (one table entry per series) except every
    /// `wholeEvery`-th record, which is appended whole, as a decoder does with
    /// lines off its fast path (nil: every sample in columns).
    func batches(_ records: [Record], size: Int, wholeEvery: Int? = 5) -> [RecordBatch] {
        var out: [RecordBatch] = []
        var batch = RecordBatch()
        var index: [RecordBatch.Series: Int] = [:]
        for (i, r) in records.enumerated() {
            if case .sample(let s) = r, wholeEvery.map({ i % $0 != 0 }) ?? true {
                let series = RecordBatch.Series(metric: s.metric, labels: s.labels)
                let k = index[series] ?? batch.addSeries(series)
                index[series] = k
                batch.appendSample(milliseconds: s.time.milliseconds, value: s.value, series: k)
            } else {
                batch.append(r)
            }
            if batch.count == size {
                out.append(batch)
                batch = RecordBatch()
                index = [:]
            }
        }
        if !batch.isEmpty { out.append(batch) }
        return out
    }

    func incident() -> [Record] {
        var records = [deploy(0, flag: "support-agent.model", from: "v1", to: "v2", weight: 10)]
            + accuracySeries(seed: 5, seconds: 3600, changeAt: 900, drop: 0.2)
        for s in stride(from: 5, through: 3600, by: 10) {
            records.append(sample(Double(s), "errors.rate", s > 2000 ? 0.3 : 0.01, variant: "canary"))
            records.append(sample(Double(s), "unwatched.metric", 1))
        }
        records.append(sample(3601, "errors.rate", .infinity, variant: "canary"))
        records.sort { $0.time < $1.time }
        return records
    }

    @Test func wholeRecordsAreTheRecordsNotInColumnsInOrder() {
        let records = incident()
        for batch in batches(records, size: 500) {
            let whole = batch.indices.compactMap { i -> Record? in
                if case .record(let r) = batch.entry(i) { return r } else { return nil }
            }
            #expect(!whole.isEmpty)
            #expect(batch.wholeRecords == whole)
        }
    }

    @Test(arguments: [1, 7, 500, 100_000])
    func appliesExactlyAsItsRecordsOneByOne(size: Int) {
        let policy = Policy(name: "t", signals: [accuracyCanary, errorSpec], flags: [modelFlag])
        let records = incident()
        let (expected, expectedOut) = run(policy, records)
        var g = Governor(policy: policy)
        var out: [CoreOutput] = []
        var seen: [Record] = []
        for b in batches(records, size: size) {
            seen += b
            out += g.apply(b)
        }
        #expect(seen == records)
        #expect(out == expectedOut)
        #expect(g.snapshot() == expected.snapshot())
        #expect(!proposals(out).isEmpty && alerts(out).count >= 2, "\(alerts(out))")
    }

    @Test func routesStayRightWhenTheRouteCacheEmptiesMidBatch() {
        // Series "a" is routed first; then more new series than the route
        // cache holds empty it; then "a" comes again in the same batch. Its
        // route must be looked up afresh, not taken from before the emptying.
        let policy = Policy(name: "t", signals: [errorSpec], flags: [])
        var records: [Record] = [sample(0, "errors.rate", 0.5, deployment: "a")]
        for i in 0...Governor.routeCacheCapacity {
            records.append(.sample(Sample(time: t0.adding(.seconds(1)), metric: "errors.rate", value: 0,
                                          labels: Labels(["deployment": "c", "i": String(i)]))))
        }
        for s in 2...100 { records.append(sample(Double(s), "errors.rate", 0.5, deployment: "a")) }
        let (expected, expectedOut) = run(policy, records)
        var g = Governor(policy: policy)
        let out = batches(records, size: records.count, wholeEvery: nil).flatMap { g.apply($0) }
        #expect(out == expectedOut)
        #expect(g.snapshot() == expected.snapshot())
        #expect(alerts(out).count == 1)
    }
}

/// A replay hands control back between records: a run over a batch stops
/// where a run over the same records one by one would.
@Suite struct BatchStopsTests {
    let policy = Policy(name: "t", signals: [accuracyCanary, errorSpec], flags: [modelFlag])

    /// The incident with a second deploy in the middle, in one batch.
    func incidentBatch() -> (records: [Record], batch: RecordBatch) {
        var records = RecordBatchTests().incident()
        records.append(deploy(1800, flag: "support-agent.model", from: "v2", to: "v3", weight: 10))
        records.sort { $0.time < $1.time }
        let batch = RecordBatchTests().batches(records, size: records.count).first!
        return (records, batch)
    }

    /// The runs a record-by-record replay makes: each ends after the first
    /// record with output, or before an event that is not its first.
    func recordRuns(_ records: [Record]) -> [(end: Int, outputs: [CoreOutput])] {
        var g = Governor(policy: policy)
        var runs: [(end: Int, outputs: [CoreOutput])] = []
        var i = 0
        while i < records.count {
            var out: [CoreOutput] = []
            var j = i
            while j < records.count {
                if j > i && records[j].isEvent { break }
                out = g.apply(records[j])
                j += 1
                if !out.isEmpty { break }
            }
            runs.append((j, out))
            i = j
        }
        return runs
    }

    @Test func afterOutputAndBeforeEventStopWhereRecordRunsStop() {
        let (records, batch) = incidentBatch()
        let expected = recordRuns(records)
        var g = Governor(policy: policy)
        var i = 0
        var runs: [(end: Int, outputs: [CoreOutput])] = []
        while i < batch.endIndex {
            let (out, next) = g.apply(batch, from: i, stops: [.afterOutput, .beforeEvent])
            #expect(next > i)
            runs.append((next, out))
            i = next
        }
        #expect(runs.map(\.end) == expected.map(\.end))
        #expect(runs.map(\.outputs) == expected.map(\.outputs))
        // Both stops are used: a run ends after output, and one right before the second deploy.
        #expect(runs.contains { !$0.outputs.isEmpty })
        #expect(runs.contains { $0.end < records.count && $0.end > 0 && records[$0.end].isEvent })
    }

    @Test func anEndIndexStopsTheRunThere() {
        let (_, batch) = incidentBatch()
        var g = Governor(policy: policy)
        let (_, next) = g.apply(batch, from: 0, upTo: 3)
        #expect(next == 3)
        #expect(g.snapshot().samplesApplied + g.snapshot().eventsApplied == 3)
    }
}
