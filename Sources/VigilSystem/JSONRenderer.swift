/// Writes a JSONNode back as text, in the layout people use for flag files:
/// objects one member per line, arrays of scalars (`["v1", 90]`) on one line,
/// and one-member objects of a scalar (`{ "var": "targetingKey" }`) inline.
public struct JSONRenderer {
    /// One level of indentation, e.g. two spaces.
    public var unit: String = "  "
    /// Everything on one line (for files written minified).
    public var compact: Bool = false

    public init(unit: String = "  ", compact: Bool = false) { self.unit = unit; self.compact = compact }

    /// Renders `node` as if it started at a line indented by `base`.
    public func render(_ node: JSONNode, base: String = "") -> String {
        var out = ""
        write(node, indent: base, into: &out)
        return out
    }

    private func write(_ node: JSONNode, indent: String, into out: inout String) {
        switch node.value {
        case .string(let s): out += jsonQuoted(s)
        case .number(let n): out += n
        case .bool(let v): out += v ? "true" : "false"
        case .null: out += "null"
        case .array(let elements):
            if elements.isEmpty { out += "[]"; return }
            if compact || elements.allSatisfy(\.isScalar) {
                out += "["
                for (k, e) in elements.enumerated() {
                    if k > 0 { out += compact ? "," : ", " }
                    write(e, indent: indent, into: &out)
                }
                out += "]"
                return
            }
            let inner = indent + unit
            out += "[\n"
            for (k, e) in elements.enumerated() {
                out += inner
                write(e, indent: inner, into: &out)
                out += k == elements.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            if compact {
                out += "{"
                for (k, m) in members.enumerated() {
                    if k > 0 { out += "," }
                    out += jsonQuoted(m.key) + ":"
                    write(m.value, indent: indent, into: &out)
                }
                out += "}"
                return
            }
            if members.count == 1, members[0].value.isScalar {
                out += "{ " + jsonQuoted(members[0].key) + ": "
                write(members[0].value, indent: indent, into: &out)
                out += " }"
                return
            }
            let inner = indent + unit
            out += "{\n"
            for (k, m) in members.enumerated() {
                out += inner + jsonQuoted(m.key) + ": "
                write(m.value, indent: inner, into: &out)
                out += k == members.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        }
    }
}

extension JSONNode {
    public var isScalar: Bool {
        switch value {
        case .object, .array: return false
        default: return true
        }
    }
}

