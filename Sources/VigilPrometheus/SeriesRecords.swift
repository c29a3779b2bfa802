import VigilCore

extension RangeAnswer {
    /// The answer's points as Vigil samples, in time order (points of the
    /// same time in the server's series order): metric = `query.metric`, else
    /// the series' `__name__`; labels = the rest. A series with neither name
    /// is skipped and counted in `problems`.
    public mutating func records(metric: String?) -> [Record] {
        var out: [Record] = []
        out.reserveCapacity(pointCount)
        for s in series {
            guard let name = metric ?? s.name else {
                problem("a series without __name__ (\(clip(s.labels.description, 80))) and no 'metric' to name it; skipped")
                continue
            }
            for i in s.times.indices {
                out.append(.sample(Sample(time: EventTime(milliseconds: s.times[i]), metric: name,
                                          value: s.values[i], labels: s.labels)))
            }
        }
        return out
    }
}

/// `records` in time order; records of the same time keep their order (so
/// a recording of the same answers is byte-identical).
public func timeOrdered(_ records: [Record]) -> [Record] {
    var isSorted = true
    for i in records.indices.dropFirst() where records[i].time < records[i - 1].time { isSorted = false; break }
    if isSorted { return records }
    return records.indices.sorted {
        let a = records[$0].time, b = records[$1].time
        return a < b || (a == b && $0 < $1)
    }.map { records[$0] }
}
