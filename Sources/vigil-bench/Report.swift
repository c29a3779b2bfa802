/// One row of the results table: a figure beside its reference and target.
struct Figure: Sendable {
    var name: String
    var measured: String
    var reference: String
    var target: String
    /// nil: shown for information, not judged.
    var pass: Bool?
    var notes: [String] = []

    var verdict: String {
        switch pass {
        case .some(true): return "pass"
        case .some(false): return "MISS"
        case .none: return "info"
        }
    }
}

/// What every benchmark returns.
typealias Figures = [Figure]

enum Report {
    /// A Markdown table (readable as is in a terminal) followed by the notes.
    static func table(_ figures: [Figure]) -> String {
        let header = ["figure", "measured", "reference", "target", "result"]
        let rows = figures.map { [$0.name, $0.measured, $0.reference, $0.target, $0.verdict] }
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { i, c in c + String(repeating: " ", count: widths[i] - c.count) }
                .joined(separator: " | ") + " |"
        }
        var out = [line(header), "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"]
        out += rows.map(line)
        let notes = figures.flatMap { f in f.notes.map { "- \(f.name): \($0)" } }
        if !notes.isEmpty { out.append(""); out += notes }
        return out.joined(separator: "\n")
    }

    // A child process (see `--child`) hands its figures back as tab-separated lines.

    static func encode(_ figures: [Figure]) -> String {
        var lines: [String] = []
        for f in figures {
            let pass = f.pass.map { $0 ? "1" : "0" } ?? "-"
            lines.append(["FIGURE", f.name, f.measured, f.reference, f.target, pass].map(clean).joined(separator: "\t"))
            for n in f.notes { lines.append("NOTE\t" + clean(n)) }
        }
        return lines.joined(separator: "\n")
    }

    static func decode(_ text: String) -> [Figure] {
        var figures: [Figure] = []
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if f.first == "FIGURE", f.count == 6 {
                figures.append(Figure(name: f[1], measured: f[2], reference: f[3], target: f[4],
                                      pass: f[5] == "-" ? nil : f[5] == "1"))
            } else if f.first == "NOTE", f.count == 2, !figures.isEmpty {
                figures[figures.count - 1].notes.append(f[1])
            }
        }
        return figures
    }

    private static func clean(_ s: String) -> String {
        String(s.map { $0 == "\t" || $0 == "\n" ? " " : $0 })
    }
}
