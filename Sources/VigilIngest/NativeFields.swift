// The native decoder's view of one object: which known keys it saw and
// where their values are in the line.

/// One JSON value seen on the line, kept as a byte range (32-bit offsets
/// keep `Fields` small; lines are far below 2 GiB).
struct Scalar {
    enum Kind: UInt8 { case absent, string, number, bool, null, composite }
    var kind: Kind = .absent
    var escaped = false
    private var start32: Int32 = 0
    private var end32: Int32 = 0

    init() {}

    init(kind: Kind, start: Int, end: Int, escaped: Bool = false) {
        self.kind = kind
        self.escaped = escaped
        start32 = Int32(truncatingIfNeeded: start)
        end32 = Int32(truncatingIfNeeded: end)
    }

    var start: Int { Int(start32) }
    var end: Int { Int(end32) }
}

/// The keys the native format knows; anything else is ignored.
enum FieldName {
    case ts, metric, value, labels, event, flag, from, to, weight, agent, key, believed, action, unknown

    /// The common keys `"ts"`, `"value"`, `"metric"`, `"labels"`, `"event"`
    /// recognised with one 8-byte load at the opening quote; returns the key
    /// and its length with both quotes. Nil: scan the key the general way.
    @inline(__always) static func quick(_ p: UnsafePointer<UInt8>, _ pos: Int, _ end: Int) -> (FieldName, Int)? {
        guard pos + 9 <= end else { return nil }
        let w = UnsafeRawPointer(p + pos + 1).loadUnaligned(as: UInt64.self) // little-endian
        if w & 0xFF_FFFF == 0x22_7374 { return (.ts, 4) }
        if w & 0xFFFF_FFFF_FFFF == 0x2265_756C_6176 { return (.value, 7) }
        if w & 0xFF_FFFF_FFFF_FFFF == 0x22_6369_7274_656D { return (.metric, 8) }
        if w & 0xFF_FFFF_FFFF_FFFF == 0x22_736C_6562_616C { return (.labels, 8) }
        if w & 0xFFFF_FFFF_FFFF == 0x2274_6E65_7665 { return (.event, 7) }
        return nil
    }

    @inline(__always) init(_ p: UnsafePointer<UInt8>, _ n: Int) {
        @inline(__always) func eq(_ s: StaticString) -> Bool { memEqual(p, s.utf8Start, n) }
        switch n {
        case 2: self = eq("ts") ? .ts : eq("to") ? .to : .unknown
        case 3: self = eq("key") ? .key : .unknown
        case 4: self = eq("flag") ? .flag : eq("from") ? .from : .unknown
        case 5: self = eq("value") ? .value : eq("event") ? .event : eq("agent") ? .agent : .unknown
        case 6: self = eq("metric") ? .metric : eq("labels") ? .labels : eq("weight") ? .weight
            : eq("action") ? .action : .unknown
        case 8: self = eq("believed") ? .believed : .unknown
        default: self = .unknown
        }
    }
}

/// The known fields of one object (last occurrence wins for a repeated key).
struct Fields {
    var ts = Scalar(), metric = Scalar(), value = Scalar(), event = Scalar()
    var flag = Scalar(), from = Scalar(), to = Scalar(), weight = Scalar()
    var agent = Scalar(), key = Scalar(), believed = Scalar(), action = Scalar()
    var labels: Range<Int>?

    @inline(__always) mutating func set(_ field: FieldName, _ v: Scalar) {
        switch field {
        case .ts: ts = v
        case .metric: metric = v
        case .value: value = v
        case .event: event = v
        case .flag: flag = v
        case .from: from = v
        case .to: to = v
        case .weight: weight = v
        case .agent: agent = v
        case .key: key = v
        case .believed: believed = v
        case .action: action = v
        case .labels, .unknown: break
        }
    }
}
