/// One label of a series: `deployment="support-agent"`.
public struct Label: Hashable, Comparable, Sendable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    public static func < (a: Label, b: Label) -> Bool {
        a.name != b.name ? a.name < b.name : a.value < b.value
    }
}

/// A label set kept sorted by name, so equal sets compare and hash equal no
/// matter the order they arrived in.
///
/// The hash is computed once, when the set is built: the core looks series
/// up by their labels on every sample, and hashing the strings each time
/// was a measurable share of a backtest.
public struct Labels: Hashable, Sendable, Sequence, CustomStringConvertible {
    public let pairs: [Label]
    let cachedHash: Int

    public init() { pairs = []; cachedHash = Labels.hash([]) }

    /// A repeated name keeps its LAST value in `pairs` order: a producer that
    /// writes a label twice means the later one (JSON's "last key wins"), and
    /// OTLP lists the resource's attributes before the point's, so the point's
    /// win. Deciding by value order instead would pick whichever sorts last.
    public init(_ pairs: [Label]) {
        let order = pairs.indices.sorted { a, b in
            pairs[a].name != pairs[b].name ? pairs[a].name < pairs[b].name : a < b
        }
        var unique: [Label] = []
        unique.reserveCapacity(pairs.count)
        for i in order {
            let l = pairs[i]
            if let last = unique.last, last.name == l.name { unique[unique.count - 1] = l } else { unique.append(l) }
        }
        self.pairs = unique
        self.cachedHash = Labels.hash(unique)
    }

    private static func hash(_ pairs: [Label]) -> Int {
        var h = Hasher()
        h.combine(pairs)
        return h.finalize()
    }

    public static func == (a: Labels, b: Labels) -> Bool {
        a.cachedHash == b.cachedHash && a.pairs == b.pairs
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(cachedHash) }

    public init(_ dict: [String: String]) {
        self.init(dict.map { Label($0.key, $0.value) })
    }

    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    public func setting(_ name: String, _ value: String) -> Labels {
        var p = pairs.filter { $0.name != name }
        p.append(Label(name, value))
        return Labels(p)
    }

    public func removing(_ name: String) -> Labels {
        Labels(pairs.filter { $0.name != name })
    }

    public var isEmpty: Bool { pairs.isEmpty }
    public func makeIterator() -> IndexingIterator<[Label]> { pairs.makeIterator() }

    /// `{deployment="support-agent",variant="canary"}`, or empty for no labels.
    public var description: String {
        if pairs.isEmpty { return "" }
        return "{" + pairs.map { "\($0.name)=\"\($0.value)\"" }.joined(separator: ",") + "}"
    }
}
