/// A small direct-mapped cache from raw byte sequences to values built from
/// them (metric names, label sets). Lines of a metrics file repeat the same
/// few names and label sets, so a hit saves decoding and allocating them again
/// and hands out the same String and array storage every time.
///
/// A slot holds one entry; a colliding insert replaces it. Keys are copied
/// into one preallocated arena, so inserting allocates nothing; keys longer
/// than `maxKeyBytes` are not cached. With zero slots nothing is cached.
struct InternTable<Value> {
    private var hashes: [UInt64]
    private var lengths: [Int32]
    private var arena: [UInt8]
    private var values: [Value?]
    private let mask: Int
    private let maxKeyBytes: Int

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
    }

    /// The cached value for these bytes, and their hash for a following `insert`.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, count n: Int) -> (value: Value?, hash: UInt64) {
        guard mask >= 0, n <= maxKeyBytes else { return (nil, 0) }
        let h = hashBytes(p, n)
        let i = Int(truncatingIfNeeded: h) & mask
        guard hashes[i] == h, lengths[i] == Int32(n) else { return (nil, h) }
        let same = arena.withUnsafeBufferPointer { a in
            a.baseAddress.map { memEqual($0 + i * maxKeyBytes, p, n) } ?? false
        }
        return (same ? values[i] : nil, h)
    }

    /// Caches `value` for these bytes (replacing whatever shared the slot).
    mutating func insert(_ value: Value, for p: UnsafePointer<UInt8>, count n: Int, hash h: UInt64) {
        guard mask >= 0, n <= maxKeyBytes else { return }
        let i = Int(truncatingIfNeeded: h) & mask
        let size = maxKeyBytes
        arena.withUnsafeMutableBufferPointer { a in
            if let base = a.baseAddress { (base + i * size).update(from: p, count: n) }
        }
        hashes[i] = h
        lengths[i] = Int32(n)
        values[i] = value
    }
}

extension InternTable {
    /// Empties every slot (keeping the memory).
    mutating func removeAll() {
        guard mask >= 0 else { return }
        for i in 0...mask where lengths[i] >= 0 {
            lengths[i] = -1
            values[i] = nil
        }
    }
}
