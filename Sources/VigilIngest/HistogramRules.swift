/// The OpenMetrics rules for histogram and gauge histogram samples, checked
/// per label group and timestamp.
enum HistogramRules {
    static func check(_ samples: [ExpositionSample], family n: String) -> String? {
        var group: String?
        var timestamp: Double?
        var started = false
        var count: Double?
        var bucket: Double?
        var negativeBuckets = false, hasSum = false, hasGSum = false, negativeGSum = false
        var value = 0.0

        func checks() -> String? {
            if bucket != .infinity { return "histogram \(n) has no +Inf bucket" }
            if let c = count, c != value { return "histogram \(n): _count does not match the +Inf bucket" }
            if hasSum && count == nil { return "histogram \(n): _sum without _count" }
            if hasGSum && count == nil { return "histogram \(n): _gsum without _gcount" }
            if !(hasSum || hasGSum) && count != nil { return "histogram \(n): _count without _sum" }
            if negativeBuckets && hasSum { return "histogram \(n): _sum with negative buckets" }
            if !negativeBuckets && negativeGSum { return "histogram \(n): negative _gsum without negative buckets" }
            return nil
        }

        for s in samples {
            let suffix = String(s.name.dropFirst(n.count))
            if suffix.isEmpty { continue }
            var labels = s.labels
            if suffix == "_bucket" { labels.removeAll { $0.name == "le" } }
            let g = labels.sorted { $0.name < $1.name }.map { $0.name + "\u{0}" + $0.value }.joined(separator: "\u{0}")
            if !started || g != group || s.timestampSeconds != timestamp {
                if started, let m = checks() { return m }
                count = nil; bucket = nil; value = 0
                negativeBuckets = false; hasSum = false; hasGSum = false; negativeGSum = false
            }
            started = true
            group = g
            timestamp = s.timestampSeconds
            switch suffix {
            case "_bucket":
                let b = s.label("le").flatMap { Double($0 == "+Inf" ? "inf" : $0) } ?? .nan
                if b < 0 { negativeBuckets = true }
                if let previous = bucket, b <= previous { return "histogram \(n): buckets out of order" }
                if s.value < value { return "histogram \(n): bucket counts decrease" }
                bucket = b
                value = s.value
            case "_count", "_gcount": count = s.value
            case "_sum": hasSum = true
            case "_gsum":
                hasGSum = true
                if s.value < 0 { negativeGSum = true }
            default: break
            }
        }
        if started, let m = checks() { return m }
        return nil
    }
}
