/// Order statistics of a handful of doubles, by selection rather than by
/// sorting: the detectors ask for medians on every re-estimate.

/// `values.sorted()[k]`, found by selection on a stack copy in linear time:
/// the same value bit for bit, without sorting (sorting `NoiseScale`'s window
/// at every estimate was the largest single cost of a backtest,
/// docs/performance.md). With a NaN among the values the order is the
/// sort's own, so it sorts. `k` must be an index of `values`.
func kthSmallest(_ k: Int, of values: [Double]) -> Double {
    if values.contains(where: \.isNaN) { return values.sorted()[k] }
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: values.count) { buffer in
        _ = buffer.initialize(fromContentsOf: values)
        var (lo, hi) = (0, values.count - 1)
        // Hoare's selection: partition around the median of three until
        // the range holding the k-th smallest is small, then sort it.
        while hi - lo > 16 {
            let mid = lo + (hi - lo) / 2
            if buffer[mid] < buffer[lo] { buffer.swapAt(mid, lo) }
            if buffer[hi] < buffer[lo] { buffer.swapAt(hi, lo) }
            if buffer[hi] < buffer[mid] { buffer.swapAt(hi, mid) }
            let pivot = buffer[mid]
            var (i, j) = (lo, hi)
            while i <= j {
                while buffer[i] < pivot { i += 1 }
                while pivot < buffer[j] { j -= 1 }
                if i <= j { buffer.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { break }
        }
        if hi > lo {
            for a in (lo + 1)...hi {
                let x = buffer[a]
                var b = a
                while b > lo && x < buffer[b - 1] { buffer[b] = buffer[b - 1]; b -= 1 }
                buffer[b] = x
            }
        }
        let kth = buffer[k]
        buffer.deinitialize()
        return kth
    }
}

/// The median (the mean of the two middle values for an even count); 0 for
/// no values.
func medianOf(_ xs: [Double]) -> Double {
    guard !xs.isEmpty else { return 0 }
    let n = xs.count
    return n % 2 == 1 ? kthSmallest(n / 2, of: xs) : 0.5 * (kthSmallest(n / 2 - 1, of: xs) + kthSmallest(n / 2, of: xs))
}
