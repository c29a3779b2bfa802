import VigilCore

/// Parses a whole Prometheus text 0.0.4 or OpenMetrics 1.0 exposition.
///
/// OpenMetrics is validated like the reference parsers: `# EOF` last, no blank
/// lines, metadata before samples and never repeated, sample names that fit
/// the family type, contiguous label groups, canonical `le`/`quantile`,
/// counter-like values neither NaN nor negative, histogram bucket rules, and
/// exemplars only on buckets and counters. The Prometheus format is parsed
/// leniently, as Prometheus itself does.
enum ExpositionParser {
    /// `cachingSeries: false` parses every line's labels anew: what the
    /// series cache must always agree with (tests and the fuzz oracle).
    static func parse(_ bytes: UnsafeRawBufferPointer, openMetrics: Bool,
                      cachingSeries: Bool = true) -> Result<Exposition, ParseFailure> {
        var state = ExpositionState(openMetrics: openMetrics, cachingSeries: cachingSeries)
        guard let raw = bytes.baseAddress, bytes.count > 0 else {
            return openMetrics ? .failure(ParseFailure(line: 1, column: 1, message: "missing # EOF")) : .success(Exposition())
        }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        var start = 0
        var lineNumber = 0
        do throws(ParseFailure) {
            while start < bytes.count {
                var end = start
                while end < bytes.count && base[end] != 0x0A { end += 1 }
                lineNumber += 1
                var lineEnd = end
                if !openMetrics, lineEnd > start, base[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                try state.line(ExpositionLine(base + start, count: lineEnd - start, openMetrics: openMetrics),
                               number: lineNumber)
                start = end + 1
            }
            try state.finish(lastLine: max(lineNumber, 1))
        } catch {
            return .failure(error)
        }
        return .success(state.exposition)
    }
}

/// The line-by-line state of one exposition being parsed.
///
/// Whole (`ExpositionParser.parse`) it collects every family with its
/// samples. Streaming (`streamExposition`) it keeps no family: each accepted
/// sample goes to `pending` for the reader to take after the line, and only
/// an OpenMetrics histogram's samples are held until the family ends (its
/// bucket rules need them all), so memory is bounded by one family's
/// histogram samples and label groups, not the file.
struct ExpositionState {
    let openMetrics: Bool
    var exposition = Exposition()
    var eof = false
    var streaming = false
    /// Streaming: the samples accepted since the reader last took them.
    var pending: [ExpositionSample] = []

    // The family being read.
    var name: String?
    var kind: MetricFamily.Kind?
    var help: String?
    var unit: String?
    var samples: [ExpositionSample] = []
    /// Whether the family being read has a sample yet (streaming keeps few in `samples`).
    var hasSamples = false
    var allowed: Set<String> = []
    var familyLine = 0

    // OpenMetrics grouping checks.
    var seenNames: Set<String> = []
    var group: String?
    var seenGroups: Set<String> = []
    var groupTimestamp: Double?
    var groupSeries: Set<String> = []

    /// A series parsed before, by the bytes of its line from the name to
    /// the labels' closing brace. A recording repeats each series on every
    /// line, and parsing it again (a `String` per label, a sort) was most
    /// of a line's cost. Only label sets that parsed without error are kept,
    /// and the same bytes always parse the same way.
    private struct ParsedSeries {
        let name: String
        let labels: [(name: String, value: String)]
        let labelSet: Labels
    }
    private var seriesCache: InternTable<ParsedSeries>

    init(openMetrics: Bool, cachingSeries: Bool = true) {
        self.openMetrics = openMetrics
        seriesCache = InternTable(slots: cachingSeries ? 512 : 0, maxKeyBytes: 256)
    }

    mutating func line(_ l: ExpositionLine, number: Int) throws(ParseFailure) {
        do {
            if eof { throw l.fail("text after # EOF", at: 0) }
            if l.atEnd {
                if openMetrics { throw l.fail("blank line") }
                return
            }
            if l.current == 0x23 { // #
                if openMetrics { try omDescriptor(l, number) } else { try promComment(l, number) }
            } else {
                try sample(l, number)
            }
        } catch let e as ScanError {
            throw e.failure(line: number)
        } catch let f as ParseFailure {
            throw f
        } catch {
            throw ParseFailure(line: number, column: 1, message: "\(error)")
        }
    }

    mutating func finish(lastLine: Int) throws(ParseFailure) {
        if openMetrics && !eof { throw ParseFailure(line: lastLine, column: 1, message: "missing # EOF at the end") }
        try closeFamily(at: lastLine)
    }

    // MARK: Metadata

    private mutating func omDescriptor(_ start: ExpositionLine, _ number: Int) throws {
        var l = start
        let rest = l.text(0, l.end)
        if rest == "# EOF" { eof = true; return }
        guard rest.hasPrefix("# ") else { throw l.fail("expected '# HELP', '# TYPE', '# UNIT' or '# EOF'", at: 0) }
        l.pos = 2
        let keyword = l.token()
        let word = l.text(keyword.start, keyword.end)
        guard ["HELP", "TYPE", "UNIT"].contains(word) else {
            throw l.fail("expected '# HELP', '# TYPE', '# UNIT' or '# EOF'", at: 0)
        }
        try l.separator("the metric name")
        let candidate = try l.metricName()
        try l.separator("the \(word.lowercased()) text")
        let text = l.text(l.pos, l.end)
        try metadata(word, candidate, text, number, l)
    }

    private mutating func promComment(_ start: ExpositionLine, _ number: Int) throws {
        var l = start
        l.pos = 1
        l.skipBlanks()
        let keyword = l.token()
        let word = l.text(keyword.start, keyword.end)
        guard word == "HELP" || word == "TYPE" else { return } // a comment
        l.skipBlanks()
        let candidate = try l.metricName()
        guard l.atEnd || l.current == 0x20 || l.current == 0x09 else { throw l.fail("invalid metric name") }
        l.skipBlanks()
        var text = l.text(l.pos, l.end)
        if word == "TYPE" {
            while text.last == " " || text.last == "\t" { text.removeLast() }
        }
        try metadata(word, candidate, text, number, l)
    }

    private mutating func metadata(_ word: String, _ candidate: String, _ text: String, _ number: Int,
                                   _ l: ExpositionLine) throws {
        if candidate == name && hasSamples {
            if openMetrics { throw l.fail("metadata for \(candidate) after its samples", at: 0) }
            try closeFamily(at: number)
        }
        if candidate != name {
            try closeFamily(at: number)
            startFamily(candidate, number)
        }
        switch word {
        case "HELP":
            if help != nil && openMetrics { throw l.fail("a second HELP for \(candidate)", at: 0) }
            help = unescapeHelp(text)
        case "TYPE":
            if kind != nil && openMetrics { throw l.fail("a second TYPE for \(candidate)", at: 0) }
            guard let k = MetricFamily.Kind(rawValue: text), openMetrics ? k != .untyped
                    : [.counter, .gauge, .histogram, .summary, .untyped].contains(k) else {
                throw l.fail("unknown metric type \"\(text)\"", at: l.pos)
            }
            kind = k
            allowed = Set(MetricFamily.suffixes(k, openMetrics: openMetrics).map { candidate + $0 })
        default: // UNIT
            if unit != nil { throw l.fail("a second UNIT for \(candidate)", at: 0) }
            guard text.utf8.allSatisfy({ isNameChar($0) || $0 == 0x3A }) else {
                throw l.fail("invalid unit \"\(text)\"", at: l.pos)
            }
            unit = text
        }
    }

    private func unescapeHelp(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out = ""
        var slash = false
        for ch in s {
            if slash {
                switch ch {
                case "\\": out.append("\\")
                case "n": out.append("\n")
                case "\"" where openMetrics: out.append("\"")
                default: out.append("\\"); out.append(ch)
                }
                slash = false
            } else if ch == "\\" {
                slash = true
            } else {
                out.append(ch)
            }
        }
        if slash { out.append("\\") }
        return out
    }

    // MARK: Families

    private mutating func startFamily(_ n: String, _ number: Int) {
        name = n
        kind = nil
        help = nil
        unit = nil
        samples = []
        hasSamples = false
        allowed = [n]
        familyLine = number
        group = nil
        seenGroups = []
        groupTimestamp = nil
        groupSeries = []
    }

    private mutating func closeFamily(at number: Int) throws(ParseFailure) {
        guard let n = name else { return }
        let k = kind ?? .unknown
        func fail(_ m: String) -> ParseFailure { ParseFailure(line: familyLine, column: 1, message: m) }
        if openMetrics {
            // In the family's own order, so the same input names the same clash.
            var suffixes = MetricFamily.suffixes(k, openMetrics: true)
            if !suffixes.contains("") { suffixes.append("") }
            for suffix in suffixes {
                guard seenNames.insert(n + suffix).inserted else { throw fail("clashing metric name \(n + suffix)") }
            }
            if let u = unit, !u.isEmpty {
                guard n.hasSuffix("_" + u) else { throw fail("metric \(n) does not end with its unit _\(u)") }
                guard k != .info && k != .stateset else { throw fail("\(k.rawValue) metrics cannot have a unit") }
            }
            if k == .histogram || k == .gaugehistogram {
                if let message = HistogramRules.check(samples, family: n) { throw fail(message) }
            }
        }
        if !streaming {
            exposition.families.append(MetricFamily(name: n, kind: k, help: help, unit: unit, samples: samples))
        }
        samples = []
        name = nil
    }

    // MARK: Samples

    private mutating func sample(_ start: ExpositionLine, _ number: Int) throws {
        var l = start
        let sampleName: String
        var labels: [(name: String, value: String)] = []
        let labelSet: Labels
        let keyStart = l.pos
        let keyEnd = l.seriesEnd()
        let (cached, hash) = keyEnd.map { seriesCache.lookup(l.p + keyStart, count: $0 - keyStart) } ?? (nil, 0)
        if let cached, let keyEnd {
            (sampleName, labels, labelSet) = (cached.name, cached.labels, cached.labelSet)
            l.pos = keyEnd
        } else {
            sampleName = try l.metricName()
            if l.current == 0x7B { labels = try l.labels() }
            if labels.contains(where: { $0.name == "__name__" }) {
                throw l.fail("the metric name is given twice", at: 0)
            }
            labelSet = labels.isEmpty ? Labels() : Labels(labels.map { Label($0.name, $0.value) })
            if let keyEnd, keyEnd == l.pos {
                seriesCache.insert(ParsedSeries(name: sampleName, labels: labels, labelSet: labelSet),
                                   for: l.p + keyStart, count: keyEnd - keyStart, hash: hash)
            }
        }
        try l.separator("the value")
        let value = try l.value()
        var ms: Int64?
        var seconds: Double?
        var timestampColumn = 0
        var exemplar = false
        if !l.atEnd {
            try l.separator("a timestamp or exemplar")
            if !openMetrics && l.atEnd { /* trailing blanks */ } else if openMetrics && l.current == 0x23 {
                try self.exemplar(&l)
                exemplar = true
            } else {
                timestampColumn = l.pos + 1
                (ms, seconds) = (try l.timestamp()) as (Int64, Double)
                if !l.atEnd {
                    try l.separator("an exemplar")
                    if openMetrics {
                        guard l.current == 0x23 else { throw l.fail("expected '#' to start an exemplar") }
                        try self.exemplar(&l)
                        exemplar = true
                    } else if !l.atEnd {
                        throw l.fail("unexpected text after the timestamp")
                    }
                }
            }
        }
        let s = ExpositionSample(name: sampleName, labels: labels, labelSet: labelSet, value: value, timestamp: ms,
                                 timestampSeconds: seconds, hasExemplar: exemplar, line: number,
                                 timestampColumn: timestampColumn)
        if openMetrics { try omSample(s, number, l) } else { try promSample(s, number) }
    }

    private func exemplar(_ l: inout ExpositionLine) throws {
        l.pos += 1
        guard l.current == 0x20 else { throw l.fail("expected ' ' after '#'") }
        l.pos += 1
        guard l.current == 0x7B else { throw l.fail("expected '{' to start the exemplar labels") }
        let labels = try l.labels()
        let length = labels.reduce(0) { $0 + $1.name.unicodeScalars.count + $1.value.unicodeScalars.count }
        guard length <= 128 else { throw l.fail("exemplar labels longer than 128 characters") }
        try l.separator("the exemplar value")
        _ = try l.value()
        if !l.atEnd {
            try l.separator("the exemplar timestamp")
            _ = try l.timestamp()
            guard l.atEnd else { throw l.fail("unexpected text after the exemplar") }
        }
    }

    private mutating func promSample(_ s: ExpositionSample, _ number: Int) throws(ParseFailure) {
        if name == nil || !allowed.contains(s.name) {
            try closeFamily(at: number)
            startFamily(s.name, number)
            kind = .untyped
        }
        accept(s)
    }

    /// Keeps a sample: in the family (whole), or for the reader (streaming,
    /// and in the family too where the family's end checks need it).
    private mutating func accept(_ s: ExpositionSample) {
        hasSamples = true
        guard streaming else { samples.append(s); return }
        pending.append(s)
        if openMetrics && (kind == .histogram || kind == .gaugehistogram) { samples.append(s) }
    }

    private mutating func omSample(_ s: ExpositionSample, _ number: Int, _ l: ExpositionLine) throws {
        func fail(_ m: String) -> ScanError { l.fail(m, at: 0) }
        if name == nil || !allowed.contains(s.name) {
            try closeFamily(at: number)
            startFamily(s.name, number)
            kind = .unknown
        }
        guard let n = name else { return }
        let k = kind ?? .unknown
        if k == .stateset && s.label(n) == nil { throw fail("a stateset sample needs the label \(n)") }
        if s.name == n + "_bucket" {
            guard let le = s.label("le"), let b = l.number(le), !b.isNaN, !(b == .infinity && le != "+Inf") else {
                throw fail("a bucket needs a valid le label (+Inf spelled exactly so)")
            }
            guard s.value.isFinite, s.value.rounded() == s.value else { throw fail("bucket values must be integers") }
        }
        if s.name == n + "_count" || s.name == n + "_gcount" {
            guard s.value.isFinite, s.value.rounded() == s.value else { throw fail("count values must be integers") }
        }
        if k == .summary && s.name == n {
            guard let q = s.label("quantile"), let v = l.number(q), v >= 0, v <= 1 else {
                throw fail("a summary quantile needs a quantile label between 0 and 1")
            }
        }
        try grouping(s, n, k, fail)
        let suffix = String(s.name.dropFirst(n.count))
        if k == .stateset && s.value != 0 && s.value != 1 { throw fail("stateset values must be 0 or 1") }
        if k == .info && s.value != 1 { throw fail("info values must be 1") }
        if k == .summary && s.name == n && s.value < 0 { throw fail("quantile values cannot be negative") }
        if ["_total", "_sum", "_count", "_bucket", "_gcount", "_gsum"].contains(suffix) && s.value.isNaN {
            throw fail("counter-like values cannot be NaN")
        }
        if ["_total", "_sum", "_count", "_bucket", "_gcount"].contains(suffix) && s.value < 0 {
            throw fail("counter-like values cannot be negative")
        }
        if s.hasExemplar {
            let ok = ((k == .histogram || k == .gaugehistogram) && s.name.hasSuffix("_bucket"))
                || (k == .counter && s.name.hasSuffix("_total"))
            guard ok else { throw fail("only histogram buckets and counter totals can have exemplars") }
        }
    }

    /// Samples of one label group must be contiguous, with timestamps on all or
    /// none and never going backwards (info metrics excepted).
    private mutating func grouping(_ s: ExpositionSample, _ n: String, _ k: MetricFamily.Kind,
                                   _ fail: (String) -> ScanError) throws {
        var labels = s.labels
        switch k {
        case .info: labels = []
        case .summary where s.name == n: labels.removeAll { $0.name == "quantile" }
        case .stateset: labels.removeAll { $0.name == n }
        case .histogram where s.name == n + "_bucket", .gaugehistogram where s.name == n + "_bucket":
            labels.removeAll { $0.name == "le" }
        default: break
        }
        let g = key(labels)
        if let current = group, g != current, seenGroups.contains(g) {
            throw fail("samples of one label set must be together")
        }
        if let current = group, g == current {
            if (s.timestampSeconds == nil) != (groupTimestamp == nil) {
                throw fail("timestamps on some samples of a group but not others")
            }
            if let previous = groupTimestamp, let t = s.timestampSeconds, previous > t, k != .info {
                throw fail("timestamps went backwards within a group")
            }
        } else {
            groupSeries = []
        }
        let series = s.name + "\u{1}" + key(s.labels)
        if s.timestampSeconds != groupTimestamp || !groupSeries.contains(series) {
            accept(s)
        }
        groupSeries.insert(series)
        group = g
        groupTimestamp = s.timestampSeconds
        seenGroups.insert(g)
    }

    private func key(_ labels: [(name: String, value: String)]) -> String {
        labels.sorted { $0.name < $1.name }.map { $0.name + "\u{0}" + $0.value }.joined(separator: "\u{0}")
    }
}
