/// A small JSON document tree for structured inputs (OTLP). Built on
/// `JSONCursor`, so it shares its strict validation and error offsets; the
/// native JSONL hot path does not use it.
enum JSONValue {
    case object([(key: String, value: JSONNode)])
    case array([JSONNode])
    case string(String)
    /// The number as written (int64 precision is preserved) and as a Double.
    case number(text: String, value: Double)
    case bool(Bool)
    case null
}

/// A value and the byte offset in the line where it starts.
final class JSONNode {
    let offset: Int
    let value: JSONValue

    init(offset: Int, value: JSONValue) {
        self.offset = offset
        self.value = value
    }

    /// The first member with one of these keys (OTLP JSON allows both
    /// lowerCamelCase and the proto's snake_case names).
    subscript(_ keys: String...) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        for k in keys {
            if let m = members.first(where: { $0.key == k }) { return m.value }
        }
        return nil
    }

    var array: [JSONNode]? {
        if case .array(let a) = value { return a }
        return nil
    }

    var bool: Bool? {
        if case .bool(let b) = value { return b }
        return nil
    }

    var string: String? {
        if case .string(let s) = value { return s }
        return nil
    }

    var isNull: Bool {
        if case .null = value { return true }
        return false
    }
}

extension JSONCursor {
    /// Parses one complete JSON value (nesting limited by `maxDepth`).
    mutating func tree(depth: Int = 0) throws(ScanError) -> JSONNode {
        guard depth < JSONCursor.maxDepth else { throw error("nesting too deep") }
        let start = pos
        switch current {
        case 0x22:
            let t = try scanString()
            return JSONNode(offset: start, value: .string(stringValue(t)))
        case 0x2D, 0x30...0x39:
            let r = try scanNumber()
            let text = String(decoding: UnsafeBufferPointer(start: base + r.lowerBound, count: r.count), as: UTF8.self)
            return JSONNode(offset: start, value: .number(text: text, value: DecimalParsing.double(base, r)))
        case 0x7B:
            pos += 1
            var members: [(key: String, value: JSONNode)] = []
            skipWhitespace()
            if current == 0x7D { pos += 1; return JSONNode(offset: start, value: .object(members)) }
            while true {
                skipWhitespace()
                guard current == 0x22 else { throw error("expected a string key, found \(found)") }
                let key = stringValue(try scanString())
                skipWhitespace()
                try expect(0x3A, "':'")
                skipWhitespace()
                members.append((key, try tree(depth: depth + 1)))
                skipWhitespace()
                if current == 0x2C { pos += 1; continue }
                try expect(0x7D, "',' or '}'")
                return JSONNode(offset: start, value: .object(members))
            }
        case 0x5B:
            pos += 1
            var items: [JSONNode] = []
            skipWhitespace()
            if current == 0x5D { pos += 1; return JSONNode(offset: start, value: .array(items)) }
            while true {
                skipWhitespace()
                items.append(try tree(depth: depth + 1))
                skipWhitespace()
                if current == 0x2C { pos += 1; continue }
                try expect(0x5D, "',' or ']'")
                return JSONNode(offset: start, value: .array(items))
            }
        default:
            let c = try scanLiteral()
            return JSONNode(offset: start, value: c == 0x6E ? .null : .bool(c == 0x74))
        }
    }

    /// A string token's text (escapes decoded, invalid UTF-8 repaired).
    func stringValue(_ t: StringToken) -> String {
        guard t.escaped else {
            return String(decoding: UnsafeBufferPointer(start: base + t.start, count: t.count), as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(t.count)
        unescape(t, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
