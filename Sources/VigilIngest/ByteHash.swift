/// Byte-sequence equality and hashing for the intern tables, a word (8
/// bytes) at a time: the keys are metric names and label objects of a few
/// dozen bytes, where byte loops for the tails cost more than the words.

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

private let hashSeed: UInt64 = 0x9E37_79B9_7F4A_7C15

@inline(__always) private func mixWord(_ h: UInt64, _ w: UInt64) -> UInt64 {
    let x = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
    return x ^ (x >> 32)
}

/// The last step: the final word (the last 8 bytes, overlapping words
/// already mixed, or all of a shorter sequence) and the length.
@inline(__always) private func finishHash(_ h: UInt64, _ p: UnsafeRawPointer, _ n: Int) -> UInt64 {
    let tail = n < 8 ? loadShort(p, n) : p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
    var x = ((h ^ tail) &* 0xC4CE_B9FE_1A85_EC53) ^ UInt64(truncatingIfNeeded: n)
    x = x &* 0x9E37_79B9_7F4A_7C15
    return x ^ (x >> 29)
}

/// A fast non-cryptographic hash of a byte sequence: every 8-byte word
/// before the last is mixed in, then the last 8 bytes and the length.
@inline(__always) func hashBytes(_ p: UnsafePointer<UInt8>, _ n: Int, seed: UInt64 = hashSeed) -> UInt64 {
    let raw = UnsafeRawPointer(p)
    var h = seed
    var i = 0
    while i + 8 < n {
        h = mixWord(h, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        i += 8
    }
    return finishHash(h, raw, n)
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
