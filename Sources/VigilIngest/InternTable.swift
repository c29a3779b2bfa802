/// A small direct-mapped cache from raw byte sequences to values built from
/// them (metric names, label sets). Lines of a metrics file repeat the same
/// few names and label sets, so a hit saves decoding and allocating them again
/// and hands out the same String and array storage every time.
///
/// A slot holds one entry; a colliding insert replaces it. Keys are copied
/// into one preallocated arena, so inserting allocates nothing; keys longer
/// than `maxKeyBytes` are not cached. With zero slots nothing is cached.
///
/// Every insert gets the next id (from 0 after `removeAll`), so an entry can
/// be named by an integer: a chunked reader groups samples by series with
/// ids, raising no reference counts (`RecordBatch`).
struct InternTable<Value> {
    private var hashes: [UInt64]
    private var lengths: [Int32]
    private var arena: [UInt8]
    private var values: [Value?]
    private var ids: [Int]
    private var nextID = 0
    private let mask: Int
    /// Longer keys are not cached (so are never found).
    let maxKeyBytes: Int

    /// `slots` is rounded up to a power of two (0 disables caching).
    init(slots: Int, maxKeyBytes: Int) {
        var n = 0
        if slots > 0 { n = 1; while n < slots { n <<= 1 } }
        mask = n - 1
        self.maxKeyBytes = maxKeyBytes
        hashes = Array(repeating: 0, count: n)
        lengths = Array(repeating: -1, count: n)
        arena = Array(repeating: 0, count: n * maxKeyBytes)
        values = Array(repeating: nil, count: n)
        ids = Array(repeating: -1, count: n)
    }

    /// The cached value for these bytes, and their hash for a following `insert`.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, count n: Int) -> (value: Value?, hash: UInt64) {
        let (slot, h) = find(p, count: n)
        return (slot >= 0 ? values[slot] : nil, h)
    }

    /// The slot caching these bytes (-1 if none), and their hash for a
    /// following `insert`. The slot stays valid until the next insert.
    @inline(__always)
    func find(_ p: UnsafePointer<UInt8>, count n: Int) -> (slot: Int, hash: UInt64) {
        guard mask >= 0, n <= maxKeyBytes else { return (-1, 0) }
        let h = hashBytes(p, n)
        let i = Int(truncatingIfNeeded: h) & mask
        guard hashes[i] == h, lengths[i] == Int32(n) else { return (-1, h) }
        let same = arena.withUnsafeBufferPointer { a in
            a.baseAddress.map { memEqual($0 + i * maxKeyBytes, p, n) } ?? false
        }
        return (same ? i : -1, h)
    }

    /// The value in a slot `find` or `insert` returned.
    @inline(__always) func value(inSlot i: Int) -> Value? { values[i] }

    /// The id of the entry in a slot `find` or `insert` returned.
    @inline(__always) func id(inSlot i: Int) -> Int { ids[i] }

    /// Caches `value` for these bytes (replacing whatever shared the slot);
    /// returns its slot, or -1 if the bytes are too long to cache.
    @discardableResult
    mutating func insert(_ value: Value, for p: UnsafePointer<UInt8>, count n: Int, hash h: UInt64) -> Int {
        guard mask >= 0, n <= maxKeyBytes else { return -1 }
        let i = Int(truncatingIfNeeded: h) & mask
        let size = maxKeyBytes
        arena.withUnsafeMutableBufferPointer { a in
            if let base = a.baseAddress { (base + i * size).update(from: p, count: n) }
        }
        hashes[i] = h
        lengths[i] = Int32(n)
        values[i] = value
        ids[i] = nextID
        nextID += 1
        return i
    }
}

extension InternTable {
    /// Empties every slot (keeping the memory).
    mutating func removeAll() {
        guard mask >= 0 else { return }
        for i in 0...mask where lengths[i] >= 0 {
            lengths[i] = -1
            values[i] = nil
            ids[i] = -1
        }
        nextID = 0
    }
}
