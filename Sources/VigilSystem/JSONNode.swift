/// A parsed JSON value that remembers where it came from: the one JSON
/// document reader for everything but the native-line hot path (which scans
/// with `JSONCursor` and builds no tree).
///
/// Flag files are edited by people and by GitOps tools; Vigil must change one
/// flag and leave every other byte alone. Foundation's JSONSerialization loses
/// key order and number spelling, so this small RFC 8259 parser keeps them:
/// objects keep their member order, numbers keep their source text (an OTLP
/// int64 keeps its precision), and every node knows its byte range so an
/// edited flag can be spliced back into the untouched rest of the file and an
/// OTLP error can point at its column.
///
/// Not `indirect`: the arrays already hold the nested nodes out of line, and
/// boxing every string and number too cost an allocation per node (OTLP
/// lines are hundreds of nodes each).
public enum JSONValue: Hashable, Sendable {
    case object([JSONMember])
    case array([JSONNode])
    case string(String)
    /// The number exactly as written (`90`, `1.50`, `1e3`).
    case number(String)
    case bool(Bool)
    case null
}

public struct JSONMember: Hashable, Sendable {
    public var key: String
    public var value: JSONNode

    public init(key: String, value: JSONNode) { self.key = key; self.value = value }
}

public struct JSONNode: Hashable, Sendable {
    public var value: JSONValue
    /// Byte range in the source; empty for nodes built in memory.
    public var range: Range<Int>

    public init(_ value: JSONValue, range: Range<Int> = 0..<0) { self.value = value; self.range = range }

    /// Where the node starts in the source, for error messages.
    public var offset: Int { range.lowerBound }

    /// The last member named `key` (JSON parsers commonly let the last duplicate win).
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// The member under the first of `keys` that is present (OTLP JSON allows
    /// both lowerCamelCase and the proto's snake_case names).
    public subscript(firstOf keys: String...) -> JSONNode? {
        for k in keys { if let v = self[k] { return v } }
        return nil
    }

    public var members: [JSONMember]? { if case .object(let m) = value { return m }; return nil }
    public var elements: [JSONNode]? { if case .array(let a) = value { return a }; return nil }
    public var stringValue: String? { if case .string(let s) = value { return s }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = value { return b }; return nil }
    /// The number's value, correctly rounded from its source text.
    public var numberValue: Double? { if case .number(let n) = value { return Double(n) }; return nil }
    public var isNull: Bool { value == .null }

    public static func string(_ s: String) -> JSONNode { JSONNode(.string(s)) }
    public static func number(_ n: String) -> JSONNode { JSONNode(.number(n)) }

    /// Sets (replacing in place, keeping its position) or appends member `key`.
    public mutating func set(_ key: String, _ node: JSONNode) {
        guard case .object(var m) = value else { return }
        if let i = m.lastIndex(where: { $0.key == key }) { m[i].value = node } else { m.append(JSONMember(key: key, value: node)) }
        value = .object(m)
    }

    public mutating func remove(_ key: String) {
        guard case .object(let m) = value else { return }
        value = .object(m.filter { $0.key != key })
    }
}

public struct JSONParseError: Error, CustomStringConvertible {
    public var offset: Int
    public var line: Int
    public var message: String
    public var description: String { "invalid JSON at line \(line): \(message)" }
}

/// Strict RFC 8259 parser over UTF-8 bytes (a leading BOM is skipped).
public struct JSONParser {
    private let b: [UInt8]
    private var i = 0
    private var depth = 0
    private static let maxDepth = 256

    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONNode {
        var p = JSONParser(bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.i = 3 }
        p.skipSpace()
        let node = try p.value()
        p.skipSpace()
        guard p.i == bytes.count else { throw p.error("unexpected content after the top-level value") }
        return node
    }

    private init(_ bytes: [UInt8]) { b = bytes }

    private func error(_ message: String) -> JSONParseError {
        let line = 1 + b[..<min(i, b.count)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return JSONParseError(offset: i, line: line, message: message)
    }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
    }

    private mutating func value() throws(JSONParseError) -> JSONNode {
        guard i < b.count else { throw error("unexpected end of input") }
        let start = i
        switch b[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return JSONNode(.string(try string()), range: start..<i)
        case UInt8(ascii: "t"): try literal("true"); return JSONNode(.bool(true), range: start..<i)
        case UInt8(ascii: "f"): try literal("false"); return JSONNode(.bool(false), range: start..<i)
        case UInt8(ascii: "n"): try literal("null"); return JSONNode(.null, range: start..<i)
        default: return JSONNode(.number(try number()), range: start..<i)
        }
    }

    private mutating func literal(_ word: String) throws(JSONParseError) {
        let w = Array(word.utf8)
        guard b.count - i >= w.count, Array(b[i..<i + w.count]) == w else { throw error("expected \(word)") }
        i += w.count
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw error("nested deeper than \(Self.maxDepth) levels") }
    }

    private mutating func object() throws(JSONParseError) -> JSONNode {
        let start = i
        try enter()
        i += 1
        var members: [JSONMember] = []
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; depth -= 1; return JSONNode(.object([]), range: start..<i) }
        while true {
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
            let key = try string()
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: ":") else { throw error("expected ':' after \"\(key)\"") }
            i += 1
            skipSpace()
            members.append(JSONMember(key: key, value: try value()))
            skipSpace()
            guard i < b.count else { throw error("unterminated object") }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "}") { i += 1; break }
            throw error("expected ',' or '}' in object")
        }
        depth -= 1
        return JSONNode(.object(members), range: start..<i)
    }

    private mutating func array() throws(JSONParseError) -> JSONNode {
        let start = i
        try enter()
        i += 1
        var elements: [JSONNode] = []
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; depth -= 1; return JSONNode(.array([]), range: start..<i) }
        while true {
            skipSpace()
            elements.append(try value())
            skipSpace()
            guard i < b.count else { throw error("unterminated array") }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "]") { i += 1; break }
            throw error("expected ',' or ']' in array")
        }
        depth -= 1
        return JSONNode(.array(elements), range: start..<i)
    }

    private mutating func string() throws(JSONParseError) -> String {
        i += 1
        // Most strings have no escape: made from their bytes in one step
        // (OTLP is strings more than anything else).
        let start = i
        var ascii = true
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 { break }
            if c >= 0x80 { ascii = false }
            i += 1
        }
        if i < b.count, b[i] == UInt8(ascii: "\"") {
            let bytes = b[start..<i]
            i += 1
            if ascii { return String(decoding: bytes, as: UTF8.self) }
            guard let s = String(validating: bytes, as: UTF8.self) else { throw error("string is not valid UTF-8") }
            return s
        }
        var out = Array(b[start..<i])
        while true {
            guard i < b.count else { throw error("unterminated string") }
            let c = b[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c < 0x20 { throw error("control character in string") }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            i += 1
            guard i < b.count else { throw error("unterminated escape") }
            let e = b[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard b.count - i >= 6, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate in string")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in string") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw error("unpaired surrogate in string")
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw error("invalid escape \\\(Character(Unicode.Scalar(e)))")
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw error("string is not valid UTF-8") }
        return s
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard b.count - i >= 4 else { throw error("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    private mutating func number() throws(JSONParseError) -> String {
        let start = i
        func digits() -> Int { let s = i; while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }; return i - s }
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < b.count, (0x30...0x39).contains(b[i]) else { throw error("unexpected character") }
        if b[i] == UInt8(ascii: "0") { i += 1 } else { _ = digits() }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw error("expected digits after '.'") }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw error("expected digits in exponent") }
        }
        return String(decoding: b[start..<i], as: UTF8.self)
    }
}
