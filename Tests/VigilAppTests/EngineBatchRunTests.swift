import Testing
import VigilCore
import VigilIngest
@testable import VigilApp

/// A headless replay applies its recording as decoded batches; the engine's
/// runs over a batch conclude, record for record, what the same records
/// conclude applied one by one, and hand control back after each record
/// with output.
@Suite struct EngineBatchRunTests {
    @Test(arguments: ["error-spike-rollback", "expired-return-policy", "agent-belief-drift"])
    func runsOverBatchesAreRecordsOneByOne(incident name: String) throws {
        let bundle = try IncidentBundle.locate(name)
        let policy = try PolicyLoader.load(path: bundle.policy).policy
        var records: [Record] = []
        _ = try forEachRecord(inFile: bundle.metrics, format: .jsonl) { records.append($0) }
        var batches: [RecordBatch] = []
        _ = try forEachRecordBatch(inFile: bundle.metrics) { batches.append($0) }
        #expect(batches.flatMap { $0 } == records)

        // Record by record: what each record concluded, and after which records.
        let byRecord = Engine(policy: policy)
        var expected: [(applied: Int, outputs: [CoreOutput])] = []
        for r in records {
            let outputs = byRecord.submitAndWait([r])
            if outputs.isEmpty, let last = expected.last, last.outputs.isEmpty {
                expected[expected.count - 1].applied += 1
            } else {
                expected.append((1, outputs))
            }
        }

        let byBatch = Engine(policy: policy)
        var got: [(applied: Int, outputs: [CoreOutput])] = []
        for batch in batches {
            var j = batch.startIndex
            while j < batch.endIndex {
                let (next, outputs) = byBatch.submitRun(batch, from: j)
                got.append((next - j, outputs))
                j = next
            }
        }
        // Batch ends and events cut runs too, so compare where outputs come
        // and what they are, as a replay prints them (evidence may hold NaN,
        // which no value equals).
        let lines = { (runs: [(applied: Int, outputs: [CoreOutput])]) in runs.flatMap(\.outputs).map(OutputJSON.line) }
        #expect(lines(got) == lines(expected))
        #expect(!lines(expected).isEmpty)
        func outputEnds(_ runs: [(applied: Int, outputs: [CoreOutput])]) -> [Int] {
            var at = 0
            return runs.compactMap { run in
                at += run.applied
                return run.outputs.isEmpty ? nil : at
            }
        }
        #expect(outputEnds(got) == outputEnds(expected))
        #expect(String(describing: byBatch.snapshot()) == String(describing: byRecord.snapshot()))
    }
}
