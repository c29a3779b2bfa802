import Crypto

extension SHA256 {
    /// Lower-case hex SHA-256 of `bytes`: the spelling the ledger chain stores
    /// (`prevHash`, `hash`) and intent ids are cut from.
    static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        hexString(Array(hash(data: Array(bytes))))
    }

    static func hex(_ string: String) -> String { hex(string.utf8) }
}

private func hexString(_ bytes: [UInt8]) -> String {
    let digits: [Character] = Array("0123456789abcdef")
    var s = ""
    s.reserveCapacity(bytes.count * 2)
    for b in bytes { s.append(digits[Int(b >> 4)]); s.append(digits[Int(b & 0x0f)]) }
    return s
}
