/// One series judged against its own robust past, with nothing to tune.
///
/// The baseline is the median of the last three days (hourly time slices,
/// so irregular and sparse sampling weigh by time, not by sample count) and
/// its scale the MAD. Once three earlier days hold the same hour of day and
/// the time-of-day median explains at least half the scale, the residual
/// from that seasonal median is judged instead, so a daily cycle is not an
/// anomaly. A rate with a count series has a binomial floor on its scale.
///
/// The limit is learned too: each day's largest deviation is kept, and a
/// deviation must exceed 1.5 times the median of the last week's daily
/// maxima (and never less than 6 scales). Heavy-tailed series thus earn a
/// wider limit than quiet ones. Two such exceedances within an hour fail the
/// signal, and so does a single one four times past the typical daily
/// maximum. It recovers only once the deviation stays within 2 scales for an
/// hour: one alert per episode.
struct AnomalyDetector: Sendable {
    let spec: AnomalySpec
    /// Hourly slices of raw values over eight days: the last three days are
    /// the baseline, the same hour of the seven days before is the season.
    private var values = SliceStore(slots: 8 * 24)
    /// Hourly slices of residuals from the seasonal median, over three days.
    private var residuals = SliceStore(slots: 72)
    private var currentSlice: Int64?
    private var median: Double?
    private var mean = 0.0
    private var scale = 0.0
    private var residualScale: Double?
    private var baselineSamples = 0
    /// The seasonal median for `seasonSlice`, worked out once per hour.
    private var seasonSlice: Int64?
    private var season: Double?
    /// The largest deviation of each of the last eight days (day, max).
    private var dailyMax: [(day: Int64, max: Double)] = []
    private var runningMax = 0.0
    /// The limit from the previous days' maxima for `limitDay` (nil: no
    /// previous day yet), kept while the day is the same: a sample changes
    /// only its own day's maximum, which that limit does not read.
    private var limitDay: Int64?
    private var previousDaysLimit: Double?
    /// The times of the last two exceedances of the limit.
    private var exceedances: [EventTime] = []
    private(set) var isFailing = false
    private var calmSince: EventTime?
    private var count: Double?
    private var samples = 0

    init(spec: AnomalySpec) { self.spec = spec }

    /// The request count behind the next rates: a floor for their variance.
    mutating func observeCount(_ n: Double) {
        if n.isFinite, n >= 0 { count = n }
    }

    mutating func observe(_ t: EventTime, _ v: Double) -> Judgment {
        samples += 1
        let slice = t.milliseconds.floorDivided(by: AnomalySpec.sliceMillis).quotient
        if slice > (currentSlice ?? .min) {
            currentSlice = slice
            refresh(at: slice)
        }
        let base = seasonalMedian(slice: slice)
        defer {
            values.append(v, slice: slice)
            if let b = base { residuals.append(v - b, slice: slice) }
        }
        guard let median else {
            return Judgment(status: .warmingUp,
                            detail: .anomalyLearning(n: baselineSamples, of: AnomalySpec.minSamples),
                            value: v, baseline: nil, samples: samples, baselineSamples: baselineSamples)
        }
        var reference = median
        var sigma = scale
        var seasonal = false
        if let b = base, let rs = residualScale, rs < AnomalySpec.seasonalGain * scale {
            reference = b; sigma = rs; seasonal = true
        }
        if let n = count, n >= 1 {
            // The mean, not the median: a rate of rare errors has a median of 0.
            let p = min(max(reference, mean, 0), 1)
            sigma = max(sigma, (p * (1 - p) / n).squareRoot())
        }
        let raw = (v - reference) / sigma
        let z: Double
        switch spec.direction {
        case .higherIsWorse: z = max(raw, 0)
        case .lowerIsWorse: z = max(-raw, 0)
        case .both: z = abs(raw)
        }
        let day = t.milliseconds.floorDivided(by: AnomalySpec.dayMillis).quotient
        let limit = self.limit(day: day)
        recordDeviation(z, day: day)
        judge(z, limit: limit, at: t)
        let status: SignalStatus = isFailing ? .failing : (exceedances.last == t ? .breaching : .ok)
        return Judgment(status: status, detail: .anomaly(z: raw, limit: limit, seasonal: seasonal),
                        value: v, baseline: reference, samples: samples, baselineSamples: baselineSamples)
    }

    /// Fails on two exceedances within the confirmation span, or on one far
    /// past the limit; recovers after a calm hour.
    private mutating func judge(_ z: Double, limit: Double, at t: EventTime) {
        if z >= limit {
            exceedances.append(t)
            if exceedances.count > 2 { exceedances.removeFirst() }
        }
        if !isFailing {
            let single = limit / AnomalySpec.tailFactor * AnomalySpec.singleFactor
            let confirmed = exceedances.count == 2 && t.since(exceedances[0]) < AnomalySpec.confirmSpan
                && exceedances[1] == t
            if z >= single || confirmed { isFailing = true; calmSince = nil }
            return
        }
        guard z <= AnomalySpec.recoverZ else { calmSince = nil; return }
        let since = calmSince ?? t
        calmSince = since
        if t.since(since) >= AnomalySpec.recoverHold { isFailing = false; calmSince = nil }
    }

    /// 1.5 times the median of the previous days' largest deviations, at
    /// least 6; on the first day, twice that floor or 1.5 times the largest
    /// deviation so far.
    private mutating func limit(day: Int64) -> Double {
        if day != limitDay {
            let previous = dailyMax.filter { $0.day < day && $0.day >= day - Int64(AnomalySpec.seasonDays) }.map(\.max)
            previousDaysLimit = previous.isEmpty ? nil
                : max(AnomalySpec.floorZ, AnomalySpec.tailFactor * medianOf(previous))
            limitDay = day
        }
        return previousDaysLimit ?? max(2 * AnomalySpec.floorZ, AnomalySpec.tailFactor * runningMax)
    }

    private mutating func recordDeviation(_ z: Double, day: Int64) {
        // Another day's maximum (a late sample's) may be one the kept limit read.
        if day != limitDay { limitDay = nil }
        runningMax = max(runningMax, z)
        // Nearly always today's entry, the last one: a write only when it grows.
        if let last = dailyMax.last, last.day == day {
            let grown = max(last.max, z)
            if grown.bitPattern != last.max.bitPattern { dailyMax[dailyMax.count - 1].max = grown }
        } else if let i = dailyMax.firstIndex(where: { $0.day == day }) {
            dailyMax[i].max = max(dailyMax[i].max, z)
        } else {
            dailyMax.append((day, z))
            dailyMax.removeAll { $0.day < day - Int64(AnomalySpec.seasonDays) }
        }
    }

    /// The baseline from the three days before `slice` (the current hour's
    /// own samples are judged, not learned, until the hour ends).
    private mutating func refresh(at slice: Int64) {
        let recent = values.values(from: slice - 72, to: slice - 1)
        baselineSamples = recent.count
        guard recent.count >= AnomalySpec.minSamples else { median = nil; return }
        let (m, s) = robustLocationScale(recent)
        median = m
        mean = recent.reduce(0, +) / Double(recent.count)
        scale = max(s, 1e-9, abs(m) * AnomalySpec.minRelativeScale)
        let r = residuals.values(from: slice - 72, to: slice - 1)
        residualScale = r.count >= AnomalySpec.minSamples ? max(robustLocationScale(r).scale, 1e-9) : nil
    }

    /// The median, over the seven days before, of this hour of day's median;
    /// nil until three of those days have it.
    private mutating func seasonalMedian(slice: Int64) -> Double? {
        if seasonSlice == slice { return season }
        seasonSlice = slice
        var medians: [Double] = []
        for d in 1...AnomalySpec.seasonDays {
            let s = values.values(from: slice - Int64(24 * d), to: slice - Int64(24 * d))
            if !s.isEmpty { medians.append(medianOf(s)) }
        }
        season = medians.count >= AnomalySpec.minSeasonDays ? medianOf(medians) : nil
        return season
    }
}

/// The median and a robust standard deviation (1.4826 × MAD; when more than
/// half the values are equal, 1.2533 × the mean absolute deviation).
func robustLocationScale(_ xs: [Double]) -> (median: Double, scale: Double) {
    let m = medianOf(xs)
    let deviations = xs.map { abs($0 - m) }
    let mad = medianOf(deviations)
    if mad > 0 { return (m, 1.4826 * mad) }
    return (m, 1.2533 * deviations.reduce(0, +) / Double(max(deviations.count, 1)))
}

/// Fixed-size time slices, each holding a bounded, evenly thinned sample of
/// its values: a slice keeps every value until it holds `perSlice`, then
/// every second one, and so on. Memory is `slots × perSlice` values whatever
/// the sample rate.
struct SliceStore: Sendable {
    static let perSlice = 16
    /// One slot's slice: its id (`.min`: none yet), the values kept, how
    /// many it has seen, and which of them it keeps (every `stride`-th, a
    /// power of two). One array of these, so a sample pays one uniqueness
    /// check rather than one per field.
    private struct Slot: Sendable {
        var id: Int64 = .min
        var kept: [Double] = []
        var seen = 0
        var stride = 1
    }
    private var slots: [Slot]
    /// The slot of the last slice appended to: most samples land in it.
    private var lastSlice: Int64 = .min
    private var lastSlot = 0

    init(slots: Int) {
        self.slots = Array(repeating: Slot(), count: slots)
    }

    mutating func append(_ v: Double, slice: Int64) {
        let s = slice == lastSlice ? lastSlot : Int(slice.floorDivided(by: Int64(slots.count)).remainder)
        lastSlice = slice; lastSlot = s
        slots.withUnsafeMutableBufferPointer { slots in
            if slots[s].id != slice {
                // A late sample for a slice already overwritten is dropped.
                guard slots[s].id < slice else { return }
                slots[s].id = slice; slots[s].kept.removeAll(keepingCapacity: true); slots[s].seen = 0; slots[s].stride = 1
            }
            defer { slots[s].seen += 1 }
            // `stride` is a power of two: the mask is the remainder.
            guard slots[s].seen & (slots[s].stride - 1) == 0 else { return }
            if slots[s].kept.count == Self.perSlice {
                // Every second value stays: those at even offsets.
                for i in 0..<(Self.perSlice / 2) { slots[s].kept[i] = slots[s].kept[2 * i] }
                slots[s].kept.removeLast(Self.perSlice / 2)
                slots[s].stride *= 2
                guard slots[s].seen & (slots[s].stride - 1) == 0 else { return }
            }
            slots[s].kept.append(v)
        }
    }

    /// The values of slices `from...to`, oldest first.
    func values(from: Int64, to: Int64) -> [Double] {
        guard from <= to else { return [] }
        var out: [Double] = []
        for id in max(from, to - Int64(slots.count) + 1)...to {
            let s = Int(id.floorDivided(by: Int64(slots.count)).remainder)
            if slots[s].id == id { out += slots[s].kept }
        }
        return out
    }
}
