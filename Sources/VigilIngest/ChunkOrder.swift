import VigilCore

/// The order-dependent health (out of order, duplicates) of one chunk of a
/// file, counted on the thread that decodes the chunk. The thread that hands
/// chunks on in file order then merges a few numbers per series
/// (`HealthTracker.order(_:of:)`) instead of probing its series table for
/// every record: the one ordered thread is what limits an all-core read.
///
/// Series are numbered in order of first appearance ("slots"). A sample in
/// a batch's columns finds its slot through its batch series; a record kept
/// whole, through its series key.
struct ChunkOrder {
    /// By slot: the series key, its first and last time in the chunk. One
    /// array of structs, so counting a record checks one buffer.
    private(set) var slots: [Slot] = []
    struct Slot {
        var key: UInt64
        var firstTime: Int64 = 0
        var lastTime: Int64 = 0
        var started = false
    }
    /// By batch series index: its slot, or -1 before its first sample.
    private var slotOfSeries: [Int] = []
    private var slotOfKey: [UInt64: Int] = [:]
    /// By whole record, in order: its slot (for `forEachRecord(of:)`).
    private var wholeSlots: [Int32] = []
    /// Records counted so far.
    private(set) var count = 0
    private(set) var firstTime: Int64 = 0
    private(set) var lastTime: Int64 = 0
    /// Within the chunk: records earlier than the record before them, and
    /// records with the time of their series' previous record.
    private(set) var outOfOrder = 0
    private(set) var duplicates = 0

    /// A sample of batch series `series` (whose key is `key`) at `time`.
    @inline(__always) mutating func note(series: Int, key: UInt64, time: Int64) {
        if series >= slotOfSeries.count {
            slotOfSeries.append(contentsOf: repeatElement(-1, count: series + 1 - slotOfSeries.count))
        }
        var slot = slotOfSeries[series]
        if slot < 0 {
            slot = self.slot(of: key)
            slotOfSeries[series] = slot
        }
        note(slot: slot, time: time)
    }

    /// A record kept whole, with series key `key`, at `time`.
    mutating func noteWhole(key: UInt64, time: Int64) {
        let slot = self.slot(of: key)
        wholeSlots.append(Int32(truncatingIfNeeded: slot))
        note(slot: slot, time: time)
    }

    /// Calls `body` with each record's series key and time, in order:
    /// the chunk record by record, for when it cannot be merged whole.
    func forEachRecord(of batch: RecordBatch, _ body: (UInt64, Int64) -> Void) {
        var whole = 0
        for i in batch.indices {
            switch batch.entry(i) {
            case .sample(let time, _, let series):
                body(slots[slotOfSeries[series]].key, time.milliseconds)
            case .record(let r):
                body(slots[Int(wholeSlots[whole])].key, r.time.milliseconds)
                whole += 1
            }
        }
    }

    /// Starts over for another chunk, keeping the memory.
    mutating func removeAll() {
        slots.removeAll(keepingCapacity: true)
        slotOfSeries.removeAll(keepingCapacity: true)
        slotOfKey.removeAll(keepingCapacity: true)
        wholeSlots.removeAll(keepingCapacity: true)
        count = 0
        outOfOrder = 0
        duplicates = 0
    }

    private mutating func slot(of key: UInt64) -> Int {
        if let known = slotOfKey[key] { return known }
        let slot = slots.count
        slotOfKey[key] = slot
        slots.append(Slot(key: key))
        return slot
    }

    @inline(__always) private mutating func note(slot: Int, time: Int64) {
        if count == 0 {
            firstTime = time
        } else if time < lastTime {
            outOfOrder += 1
        }
        lastTime = time
        count += 1
        if !slots[slot].started {
            slots[slot].started = true
            slots[slot].firstTime = time
        } else if slots[slot].lastTime == time {
            duplicates += 1
        }
        slots[slot].lastTime = time
    }
}
