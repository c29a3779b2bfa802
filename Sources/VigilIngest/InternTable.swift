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

@inline(__always) func memEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    guard n >= 8 else { return loadShort(ra, n) == loadShort(rb, n) }
    var i = 0
    while i + 8 < n {
        if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
            return false
        }
        i += 8
    }
    // The last 8 bytes, overlapping the ones already compared.
    return ra.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == rb.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
}

/// A fast non-cryptographic hash of a byte sequence (8 bytes per step; the
/// last step loads the final 8 bytes, overlapping, instead of a byte loop).
@inline(__always) func hashBytes(_ p: UnsafePointer<UInt8>, _ n: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> UInt64 {
    var h: UInt64 = seed ^ UInt64(truncatingIfNeeded: n)
    let raw = UnsafeRawPointer(p)
    let tail: UInt64
    if n < 8 {
        tail = loadShort(raw, n)
    } else {
        var i = 0
        while i + 8 < n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        tail = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
    }
    h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
    return h ^ (h >> 29)
}

/// Up to 7 bytes as one little-endian word, zero-extended, without reading
/// past them (two overlapping loads of 4, 2 or 1 bytes).
@inline(__always) func loadShort(_ p: UnsafeRawPointer, _ n: Int) -> UInt64 {
    if n >= 4 {
        let lo = UInt64(p.loadUnaligned(as: UInt32.self))
        let hi = UInt64(p.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
        return lo | hi << (UInt64(n - 4) * 8)
    }
    if n >= 2 {
        let lo = UInt64(p.loadUnaligned(as: UInt16.self))
        let hi = UInt64(p.loadUnaligned(fromByteOffset: n - 2, as: UInt16.self))
        return lo | hi << (UInt64(n - 2) * 8)
    }
    return n == 1 ? UInt64(p.load(as: UInt8.self)) : 0
}
