/// A `query_range` answer with `series` series of `points` points from `start` (seconds) every `step` seconds.
func matrixBody(series: Int, points: Int, start: Int64, step: Int64, name: String = "quality_score",
                value: (Int, Int) -> String = { _, _ in "0.9" }) -> String {
    var parts: [String] = []
    for s in 0..<series {
        let values = (0..<points).map { "[\(start + Int64($0) * step),\"\(value(s, $0))\"]" }.joined(separator: ",")
        parts.append("{\"metric\":{\"__name__\":\"\(name)\",\"deployment\":\"d\(s)\",\"variant\":\"baseline\"},\"values\":[\(values)]}")
    }
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[\(parts.joined(separator: ","))]}}"
}
