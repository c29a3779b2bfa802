/// Which series of the `RecordBatch` being filled a pair of intern ids
/// (metric name, label set) is, and that series' identity for the health
/// counts (`seriesKey`). Open addressing over plain integers: finding a
/// repeated series raises no reference counts.
///
/// Ids come from one decoder's intern tables and indices from one batch, so
/// the table is emptied whenever either starts over.
struct BatchSeriesTable {
    private var nameIDs: [Int] = Array(repeating: -1, count: 256)
    private var labelIDs: [Int] = Array(repeating: 0, count: 256)
    private var slots: [Int32] = Array(repeating: -1, count: 256)
    /// By batch series index: the series' `seriesKey`.
    private(set) var keys: [UInt64] = []

    /// The batch series index for these ids, or nil.
    @inline(__always) func index(name: Int, labels: Int) -> Int? {
        var i = Self.start(name, labels) & (nameIDs.count - 1)
        while nameIDs[i] >= 0 {
            if nameIDs[i] == name && labelIDs[i] == labels { return Int(slots[i]) }
            i = (i + 1) & (nameIDs.count - 1)
        }
        return nil
    }

    /// Records that these ids are batch series `index` (the next one: indices
    /// are added in order), with identity `key`.
    mutating func add(name: Int, labels: Int, index: Int, key: UInt64) {
        precondition(index == keys.count && index <= Int(Int32.max), "batch series are added in order")
        keys.append(key)
        if keys.count * 2 > nameIDs.count { grow() }
        place(name, labels, Int32(index))
    }

    /// Forgets every series (keeping the memory).
    mutating func removeAll() {
        guard !keys.isEmpty else { return }
        for i in nameIDs.indices { nameIDs[i] = -1 }
        keys.removeAll(keepingCapacity: true)
    }

    private mutating func place(_ name: Int, _ labels: Int, _ index: Int32) {
        var i = Self.start(name, labels) & (nameIDs.count - 1)
        while nameIDs[i] >= 0 { i = (i + 1) & (nameIDs.count - 1) }
        nameIDs[i] = name
        labelIDs[i] = labels
        slots[i] = index
    }

    private mutating func grow() {
        let (oldNames, oldLabels, oldSlots) = (nameIDs, labelIDs, slots)
        nameIDs = Array(repeating: -1, count: oldNames.count * 2)
        labelIDs = Array(repeating: 0, count: oldNames.count * 2)
        slots = Array(repeating: -1, count: oldNames.count * 2)
        for i in oldNames.indices where oldNames[i] >= 0 { place(oldNames[i], oldLabels[i], oldSlots[i]) }
    }

    @inline(__always) private static func start(_ name: Int, _ labels: Int) -> Int {
        let h = (UInt64(bitPattern: Int64(name)) &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(bitPattern: Int64(labels))
        return Int(truncatingIfNeeded: (h &* 0xFF51_AFD7_ED55_8CCD) >> 32)
    }
}
