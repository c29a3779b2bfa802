import VigilCore
import VigilSystem

/// One series of a range (or instant) query's answer.
public struct RangeSeries: Sendable, Hashable {
    /// The series' `__name__`, if it has one (an aggregation has none).
    public var name: String?
    /// Every label but `__name__`.
    public var labels: Labels
    /// Evaluation times (milliseconds since the epoch) and values, in order.
    public var times: [Int64]
    public var values: [Double]
}

/// What a Prometheus-compatible server answered to one query.
///
/// The answer is hostile input: it is checked, never trusted. A point that
/// cannot be read (a value that is not a number, a finite-looking number
/// that overflows, a timestamp out of range) is skipped and described in
/// `problems`; a body that is not the API's shape is an error for the
/// whole answer.
public struct RangeAnswer: Sendable {
    public var series: [RangeSeries] = []
    /// The server's `warnings` (and `infos`): a partial answer from Thanos or
    /// Mimir says so here; the data is still used.
    public var warnings: [String] = []
    /// Points or series skipped, each with why.
    public var problems: [String] = []
    /// How many problems there were (`problems` keeps the first few).
    public var problemCount = 0

    public var pointCount: Int { series.reduce(0) { $0 + $1.times.count } }

    mutating func problem(_ message: String) {
        problemCount += 1
        if problems.count < 10 { problems.append(message) }
    }

    /// Reads a `/api/v1/query_range` or `/api/v1/query` body.
    public static func decode(_ bytes: [UInt8]) -> Result<RangeAnswer, PrometheusError> {
        let root: JSONNode
        do { root = try JSONParser.parse(bytes) } catch {
            return .failure(.badResponse("not JSON: \(error)"))
        }
        guard root.members != nil else { return .failure(.badResponse("the body is not a JSON object")) }
        guard let status = root["status"]?.stringValue else {
            return .failure(.badResponse("no 'status' in the answer"))
        }
        if status != "success" {
            let kind = root["errorType"]?.stringValue ?? "error"
            let message = root["error"]?.stringValue ?? "status '\(clip(status))' without an error message"
            return .failure(.server(kind: clip(kind), message: clip(message)))
        }
        var answer = RangeAnswer()
        for key in ["warnings", "infos"] {
            for w in root[key]?.elements ?? [] { answer.warnings.append(clip(w.stringValue ?? "(not a string)")) }
        }
        guard let data = root["data"], let type = data["resultType"]?.stringValue, let result = data["result"] else {
            return .failure(.badResponse("no 'data.resultType' and 'data.result' in the answer"))
        }
        switch type {
        case "matrix", "vector":
            guard let items = result.elements else { return .failure(.badResponse("'data.result' is not a list")) }
            for item in items {
                guard let metric = item["metric"]?.members else {
                    answer.problem("a series without a 'metric' object; skipped"); continue
                }
                var name: String?
                var pairs: [Label] = []
                var bad = false
                for m in metric {
                    guard let v = m.value.stringValue else { bad = true; break }
                    if m.key == "__name__" { name = v } else { pairs.append(Label(m.key, v)) }
                }
                if bad { answer.problem("a series with a label value that is not a string; skipped"); continue }
                var s = RangeSeries(name: name, labels: Labels(pairs), times: [], values: [])
                let points: [JSONNode]
                if type == "matrix" {
                    guard let values = item["values"]?.elements else {
                        answer.problem("a series without 'values'; skipped"); continue
                    }
                    points = values
                } else {
                    guard let value = item["value"] else { answer.problem("a sample without 'value'; skipped"); continue }
                    points = [value]
                }
                s.times.reserveCapacity(points.count)
                s.values.reserveCapacity(points.count)
                for p in points {
                    switch point(p) {
                    case .success(let (t, v)):
                        s.times.append(t)
                        s.values.append(v)
                    case .failure(let why): answer.problem(why)
                    }
                }
                answer.series.append(s)
            }
        case "scalar":
            switch point(result) {
            case .success(let (t, v)):
                answer.series.append(RangeSeries(name: nil, labels: Labels(), times: [t], values: [v]))
            case .failure(let why): answer.problem(why)
            }
        default:
            return .failure(.badResponse("result type '\(clip(type))' is not a matrix, vector or scalar"))
        }
        return .success(answer)
    }

    /// `[1771063200.123, "0.93"]` as (milliseconds, value). The value is a
    /// string in the API: `NaN`, `+Inf` and `-Inf` are values (kept, and
    /// counted as non-finite by the source's health); a number too large for
    /// a Double is not.
    private static func point(_ node: JSONNode) -> Result<(Int64, Double), PointProblemMessage> {
        guard let pair = node.elements, pair.count == 2 else {
            return .failure(PointProblemMessage("a point is not [time, \"value\"]; skipped"))
        }
        guard let seconds = pair[0].numberValue, seconds.isFinite, abs(seconds) < 253_402_300_800 else {
            return .failure(PointProblemMessage("a point's time is not a number of seconds in years 0000–9999; skipped"))
        }
        let ms = Int64((seconds * 1000).rounded())
        guard let text = pair[1].stringValue else {
            return .failure(PointProblemMessage("a point's value is not a string; skipped"))
        }
        switch text {
        case "NaN": return .success((ms, .nan))
        case "+Inf", "Inf": return .success((ms, .infinity))
        case "-Inf": return .success((ms, -.infinity))
        default: break
        }
        guard text.utf8.count <= 64, let v = Double(text) else {
            return .failure(PointProblemMessage("value '\(clip(text, 24))' is not a number; skipped"))
        }
        guard v.isFinite else {
            return .failure(PointProblemMessage("value '\(clip(text, 24))' is out of range; skipped"))
        }
        return .success((ms, v))
    }
}

struct PointProblemMessage: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

extension RangeAnswer {
    mutating func problem(_ p: PointProblemMessage) { problem(p.description) }
}

/// Server-chosen text as it may be shown: control characters made visible
/// (nothing reaches a terminal as a code) and at most `limit` characters.
func clip(_ text: String, _ limit: Int = 200) -> String {
    let clean = TextSanitizer.clean(text)
    return clean.count <= limit ? clean : String(clean.prefix(limit)) + "…"
}
