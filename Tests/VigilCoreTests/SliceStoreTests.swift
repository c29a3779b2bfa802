import Testing
import VigilTestSupport
@testable import VigilCore

/// `SliceStore` thins each slice in place; what it keeps must be what
/// keeping every value and halving a full slice to its even offsets keeps.
@Suite struct SliceStoreTests {
    /// The store as specified, with a slot's fields in parallel arrays.
    private struct Reference {
        var ids: [Int64], kept: [[Double]], seen: [Int], stride: [Int]
        init(slots: Int) {
            ids = Array(repeating: .min, count: slots); kept = Array(repeating: [], count: slots)
            seen = Array(repeating: 0, count: slots); stride = Array(repeating: 1, count: slots)
        }
        mutating func append(_ v: Double, slice: Int64) {
            let s = Int(slice.floorDivided(by: Int64(ids.count)).remainder)
            if ids[s] != slice {
                guard ids[s] < slice else { return }
                ids[s] = slice; kept[s] = []; seen[s] = 0; stride[s] = 1
            }
            defer { seen[s] += 1 }
            guard seen[s] % stride[s] == 0 else { return }
            if kept[s].count == SliceStore.perSlice {
                kept[s] = kept[s].enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
                stride[s] *= 2
                guard seen[s] % stride[s] == 0 else { return }
            }
            kept[s].append(v)
        }
        func values(from: Int64, to: Int64) -> [Double] {
            var out: [Double] = []
            for id in max(from, to - Int64(ids.count) + 1)...to {
                let s = Int(id.floorDivided(by: Int64(ids.count)).remainder)
                if ids[s] == id { out += kept[s] }
            }
            return out
        }
    }

    @Test func keepsWhatHalvingEveryFullSliceKeeps() {
        var rng = SplitMix64(seed: 31)
        var store = SliceStore(slots: 8)
        var reference = Reference(slots: 8)
        var slice: Int64 = 100
        for i in 0..<10_000 {
            // Slices of a few to a few hundred samples; now and then a
            // sample for an older slice, kept or overwritten already.
            if rng.uniform() < 0.01 { slice += 1 + Int64(rng.uniform() * 3) }
            let target = i % 41 == 0 ? slice - Int64(rng.uniform() * 12) : slice
            let v = rng.uniform()
            store.append(v, slice: target)
            reference.append(v, slice: target)
            #expect(store.values(from: slice - 10, to: slice) == reference.values(from: slice - 10, to: slice), "sample \(i)")
        }
    }
}
