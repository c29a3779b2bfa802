import VigilCore

/// A recording's records by position, read from its decoded batches when
/// asked for: the dashboard's driver steps and seeks by position, and a
/// flattened copy would hold a second recording in memory (a `Record` is
/// several times a batch's column entry).
struct ReplayRecords: RandomAccessCollection, Sendable {
    private let batches: [RecordBatch]
    /// `starts[b]`: the position of batch `b`'s first record; the last
    /// element is the count.
    private let starts: [Int]

    init(_ batches: [RecordBatch]) {
        self.batches = batches.filter { !$0.isEmpty }
        var starts = [0]
        starts.reserveCapacity(self.batches.count + 1)
        for b in self.batches { starts.append(starts[starts.count - 1] + b.count) }
        self.starts = starts
    }

    var startIndex: Int { 0 }
    var endIndex: Int { starts[starts.count - 1] }

    subscript(i: Int) -> Record {
        let (b, offset) = locate(i)
        return batches[b][offset]
    }

    /// The event time at a position, without making its `Record`.
    func time(at i: Int) -> EventTime {
        let (b, offset) = locate(i)
        return batches[b].time(at: offset)
    }

    /// Where the run of records from `start` whose times satisfy `belongs`
    /// ends (at most `limit` records long), read batch by batch: the first
    /// position after `start` that does not belong, or the end.
    func endOfRun(from start: Int, limit: Int = .max, while belongs: (EventTime) -> Bool) -> Int {
        guard start < endIndex else { return endIndex }
        let last = limit >= endIndex - start ? endIndex : start + limit
        var (b, offset) = locate(start)
        var i = start
        while i < last {
            if offset == batches[b].count { b += 1; offset = 0; continue }
            guard belongs(batches[b].time(at: offset)) else { break }
            i += 1
            offset += 1
        }
        return i
    }

    /// The records at `range`, made batch by batch.
    func records(in range: Range<Int>) -> [Record] {
        var out: [Record] = []
        guard !range.isEmpty else { return out }
        out.reserveCapacity(range.count)
        var (b, offset) = locate(range.lowerBound)
        while out.count < range.count {
            if offset == batches[b].count { b += 1; offset = 0; continue }
            let take = Swift.min(batches[b].count - offset, range.count - out.count)
            out.append(contentsOf: batches[b][offset..<(offset + take)])
            offset += take
        }
        return out
    }

    /// The batch holding position `i` (the last whose start is at or before
    /// it) and the offset within it.
    private func locate(_ i: Int) -> (batch: Int, offset: Int) {
        precondition(i >= 0 && i < endIndex, "position \(i) outside the recording (\(endIndex) records)")
        var low = 0, high = batches.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= i { low = mid } else { high = mid - 1 }
        }
        return (low, i - starts[low])
    }
}
