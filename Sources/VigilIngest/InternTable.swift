/// A small direct-mapped cache from raw byte sequences to values built from
/// them (metric names, label sets). Lines of a metrics file repeat the same
/// few names and label sets, so a hit saves decoding and allocating them again
/// and hands out the same String and array storage every time.
///
/// A slot holds one entry; a colliding insert replaces it. With zero slots the
/// table caches nothing.
struct InternTable<Value> {
    private struct Entry {
        var hash: UInt64
        var key: [UInt8]
        var value: Value
    }

    private var slots: [Entry?]
    private let mask: Int

    /// `slots` is rounded up to a power of two (0 disables caching).
    init(slots: Int) {
        var n = 0
        if slots > 0 { n = 1; while n < slots { n <<= 1 } }
        self.slots = []
        self.mask = n - 1
        if n > 0 { self.slots = Array(repeating: nil, count: n) }
    }

    /// The cached value for these bytes, and their hash for a following `insert`.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, count n: Int) -> (value: Value?, hash: UInt64) {
        guard mask >= 0 else { return (nil, 0) }
        let h = hashBytes(p, n)
        let i = Int(truncatingIfNeeded: h) & mask
        guard let e = slots[i], e.hash == h, e.key.count == n else { return (nil, h) }
        let same = e.key.withUnsafeBufferPointer { k in k.baseAddress.map { memEqual($0, p, n) } ?? true }
        return (same ? e.value : nil, h)
    }

    /// Caches `value` for these bytes (replacing whatever shared the slot).
    mutating func insert(_ value: Value, for p: UnsafePointer<UInt8>, count n: Int, hash h: UInt64) {
        guard mask >= 0 else { return }
        slots[Int(truncatingIfNeeded: h) & mask] =
            Entry(hash: h, key: Array(UnsafeBufferPointer(start: p, count: n)), value: value)
    }
}

@inline(__always) func memEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    while i + 8 <= n {
        if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
            return false
        }
        i += 8
    }
    while i < n {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

/// A fast non-cryptographic hash of a byte sequence (8 bytes per step).
@inline(__always) func hashBytes(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
    let raw = UnsafeRawPointer(p)
    var i = 0
    while i + 8 <= n {
        h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 32
        i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < n {
        tail |= UInt64(p[i]) << shift
        shift += 8
        i += 1
    }
    h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
    return h ^ (h >> 29)
}
