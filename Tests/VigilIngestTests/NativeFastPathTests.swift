import Testing
@testable import VigilIngest
import VigilCore
import VigilTestSupport

/// The common-line fast path must agree with the general decoder (its
/// specification) on every line: same record, same series identity, same
/// failure. And it must really be taken for the lines it is for.
@Suite struct NativeFastPathTests {
    /// Lines in the fast path's shape, and near it: key orders, number forms,
    /// timestamp forms (fast and general), no labels, leap seconds.
    static let seeds: [String] = [
        #"{"ts":"2026-02-14T10:00:00.250Z","metric":"errors.rate","value":0.0225,"labels":{"deployment":"support-agent","variant":"canary"}}"#,
        #"{"labels":{"deployment":"support-agent","variant":"canary"},"value":-12.5,"metric":"quality.policy_accuracy","ts":"2026-02-14T10:00:01.999Z"}"#,
        #"{"metric":"m","ts":"2026-02-14T10:00:59.000Z","value":0}"#,
        #"{"ts":"2026-02-14T10:00:60.500Z","metric":"leap","value":-0,"labels":{"a":"b"}}"#,
        #"{"ts":"2026-02-14T10:00:61.000Z","metric":"bad.second","value":1}"#,
        #"{"ts":"2026-02-14T10:00:07.1234Z","metric":"four.digits","value":1e3,"labels":{"a":"b"}}"#,
        #"{"ts":"2026-02-14T10:00:07.123z","metric":"lower.z","value":123456789012345678,"labels":{"a":"b"}}"#,
        #"{"ts":"2026-02-14T10:00:07.123+01:00","metric":"offset","value":0.000000000000000001}"#,
        #"{"ts":"2026-02-14T10:00:07Z","metric":"no.fraction","value":1.5E-3,"labels":{"a":"b"}}"#,
        #"{"ts":"2026-02-14T10:00:07.123Z","metric":"a.very.long.metric.name.beyond.sixteen","value":99.99,"labels":{}}"#,
        #"{"ts":"2026-02-14T10:00:07.123Z","metric":"esc\u0061ped","value":1,"labels":{"a":"b"}}"#,
        #"{"ts":"2026-02-14T10:00:07.123Z","metric":"x","value":"NaN","labels":{"a":"b"}}"#,
        #"{"ts":"2026-02-14T10:00:07.123Z","metric":"x","value":1,"labels":{"a":"b"},"extra":true}"#,
        // Epoch seconds: integers, fractions, more than three digits, exponents,
        // negative, out of range (milliseconds written as seconds).
        #"{"ts":1771063200,"metric":"errors.rate","value":0.02,"labels":{"deployment":"support-agent","variant":"canary"}}"#,
        #"{"ts":1771063200.25,"metric":"errors.rate","value":2,"labels":{"variant":"canary","deployment":"support-agent"}}"#,
        #"{"metric":"e","value":-1.5e-7,"ts":1771063200.2505,"labels":{"a":"b"}}"#,
        #"{"ts":1.7710632e9,"metric":"exp.ts","value":3E+2}"#,
        #"{"ts":-12.0005,"metric":"before.epoch","value":1,"labels":{"a":"b"}}"#,
        #"{"ts":1771063200250,"metric":"millis.as.seconds","value":1,"labels":{"a":"b"}}"#,
        #"{"ts":01771063200,"metric":"leading.zero","value":1}"#,
        // Python's json.dumps defaults: one space after ':' and ','.
        #"{"ts": 1771063200.5, "metric": "quality.judge_score", "value": 0.875, "labels": {"deployment": "a", "variant": "b"}}"#,
        #"{"labels": {"variant": "b", "deployment": "a"}, "value": 12, "metric": "latency.p95_ms", "ts": "2026-02-14T10:00:00.250Z"}"#,
        #"{"ts":  1771063200, "metric":   "two.spaces", "value" : 1, "labels": {"a": "b"} }"#,
        #"{"ts":\#t1771063200,"metric":"tab","value":1}"#,
    ]

    func decode(_ line: [UInt8], _ d: inout NativeLineDecoder) -> Result<DecodedLine, ScanError>? {
        line.withUnsafeBytes { b -> Result<DecodedLine, ScanError>? in
            if NativeLineDecoder.isBlank(b) { return nil }
            do throws(ScanError) { return .success(try d.decodeLine(b)) } catch { return .failure(error) }
        }
    }

    /// Line `number` as the general decoder (the specification) reads it,
    /// counted into `health` as a reader counts it: the line, and its
    /// failure or its record (order is the caller's). Nil if blank or malformed.
    func generalReading(_ line: UnsafeRawBufferPointer, number: Int, _ general: inout NativeLineDecoder,
                        countedIn health: inout HealthTracker) -> DecodedLine? {
        health.health.lines += 1
        guard !NativeLineDecoder.isBlank(line) else { return nil }
        do throws(ScanError) {
            let d = try general.decodeLine(line)
            health.count(nonFinite: d.nonFinite)
            return d
        } catch {
            health.malformed(error.failure(line: number))
            return nil
        }
    }

    @Test func agreesWithTheGeneralDecoderOnMutatedLines() {
        var rng = SplitMix64(seed: 7)
        let mutations = MutationTests()
        var fast = NativeLineDecoder()
        var general = NativeLineDecoder()
        general.takesCommonPath = false
        // Warm both caches so label sets are known and the fast path can run.
        for seed in Self.seeds {
            _ = decode(Array(seed.utf8), &fast)
            _ = decode(Array(seed.utf8), &general)
        }
        var accepted = 0
        for round in 0..<30_000 {
            let seed = Array(Self.seeds[round % Self.seeds.count].utf8)
            let input = round % 4 == 0 ? seed : mutations.mutate(seed, &rng)
            let a = decode(input, &fast)
            let b = decode(input, &general)
            if !decodingsAgree(a, b) {
                Issue.record("fast path and general decoder disagree on \(String(decoding: input, as: UTF8.self))")
                return
            }
            if case .success? = a { accepted += 1 }
        }
        #expect(accepted > 7_500)
    }

    /// A chunked reader puts common lines into a batch's columns and counts
    /// their order health per chunk; the batch must hold the records the
    /// general decoder makes, with the same health, and the order health
    /// merged chunk after chunk must be what counting record by record
    /// gives. Merged two ways: per series, and (with a series table small
    /// enough to fill up mid-chunk) record by record. A chunk is 5,000 lines.
    @Test func batchColumnsHoldWhatTheGeneralDecoderReads() {
        var rng = SplitMix64(seed: 11)
        let mutations = MutationTests()
        var source = LineSource(source: "t", format: .jsonl, maxLineBytes: 1 << 20)
        var batch = RecordBatch()
        var general = NativeLineDecoder()
        general.takesCommonPath = false
        var expected: [Record] = []
        var chunkHealth = HealthTracker(source: "t")
        var lineNumber = 0, inColumns = 0
        // Order health over all chunks, counted record by record and merged.
        var counted = [HealthTracker(source: "t"), HealthTracker(source: "t", seriesLimit: 3)]
        var merged = counted
        func endOfChunk() -> Bool {
            for i in batch.indices { if case .sample = batch.entry(i) { inColumns += 1 } }
            // Compared as encoded lines: a NaN sample never equals itself.
            guard batch.map(encodeNativeLine) == expected.map(encodeNativeLine),
                  source.tracker.health == chunkHealth.health else { return false }
            for k in merged.indices {
                merged[k].order(source.chunkOrder, of: batch)
                guard merged[k].health == counted[k].health else { return false }
            }
            return true
        }
        for round in 0..<30_000 {
            let seed = Array(Self.seeds[round % Self.seeds.count].utf8)
            // A line holds no newline (the reader split there): a mutation's
            // inserted one becomes another control byte.
            let input = (round % 3 == 0 ? seed : mutations.mutate(seed, &rng)).map { $0 == 0x0A ? 0x0B : $0 }
            input.withUnsafeBytes { line in
                // As the chunked reader does: the columns if the line is
                // common, else the whole record.
                let p = line.baseAddress?.assumingMemoryBound(to: UInt8.self)
                if p.flatMap({ source.takeCommonLine($0, available: line.count, into: &batch) }) == nil {
                    source.takeWhole(line, into: &batch)
                }
                lineNumber += 1
                if let d = generalReading(line, number: lineNumber, &general, countedIn: &chunkHealth) {
                    expected.append(d.record)
                    for k in counted.indices { counted[k].order(time: d.time, series: d.series) }
                }
            }
            if round % 5_000 == 4_999 {
                guard endOfChunk() else {
                    Issue.record("the batch and the general decoder differ by round \(round)")
                    return
                }
                source.restart(source: "t")
                batch.removeAll()
                expected.removeAll()
                chunkHealth = HealthTracker(source: "t")
                lineNumber = 0
            }
        }
        #expect(inColumns > 5_000)
        #expect(counted[0].health.duplicates > 100 && counted[0].health.outOfOrder > 100, "\(counted[0].health)")
        #expect(counted[1].health.duplicates < counted[0].health.duplicates, "the small table forgot series")
    }

    /// The one-core reader (`LineSource`, behind `forEachRecord` and the
    /// tailer) takes common lines by the fast path, with the decoder's caches
    /// kept from read to read. Fed the same bytes in pieces of random size
    /// (partial lines held across reads, assorted line ends, lines over the
    /// limit), it must hand out what the general decoder reads line by line,
    /// with the same health; also when it hands out batches (`drainBatch`,
    /// the tailer's way: common lines in columns, the order health counted
    /// per batch).
    @Test(arguments: [UInt64(1), 2, 3], [false, true])
    func oneCoreReaderHandsOutWhatTheGeneralDecoderReads(seed: UInt64, batches: Bool) {
        var rng = SplitMix64(seed: seed)
        let mutations = MutationTests()
        let ends: [[UInt8]] = [[0x0A], [0x0D, 0x0A], [0x0D, 0x0D, 0x0A], [0x0A, 0x0A]]
        var bytes: [UInt8] = []
        for i in 0..<6_000 {
            let line = Array(Self.seeds[i % Self.seeds.count].utf8)
            bytes += rng.below(3) == 0 ? mutations.mutate(line, &rng) : line
            if rng.below(500) == 0 { bytes += Array(repeating: 0x20, count: 150 + rng.below(800)) }
            if i < 5_999 || seed == 1 { bytes += ends[rng.below(ends.count)] }
        }
        let limit = 200
        var source = LineSource(source: "t", format: .jsonl, maxLineBytes: limit)
        var got: [Record] = []
        // The reference: the same pieces split by a `LineBuffer`, each line
        // decoded by the general decoder and counted record by record.
        let lines = LineBuffer(maxLineBytes: limit)
        var general = NativeLineDecoder()
        general.takesCommonPath = false
        var expected: [Record] = []
        var health = HealthTracker(source: "t")
        var lineNumber = 0
        func reference(_ line: UnsafeRawBufferPointer) {
            lineNumber += 1
            if let d = generalReading(line, number: lineNumber, &general, countedIn: &health) {
                expected.append(d.record)
                health.order(time: d.time, series: d.series)
            }
        }
        var offset = 0
        var inColumns = 0
        while offset < bytes.count {
            let piece = min(bytes.count - offset, 1 + rng.below(rng.below(4) == 0 ? 4_000 : 300))
            bytes[offset..<(offset + piece)].withUnsafeBytes { b in
                #expect(source.buffer.append(b) == piece && lines.append(b) == piece)
            }
            offset += piece
            if batches {
                let batch = source.drainBatch()
                inColumns += batch.indices.filter { if case .sample = batch.entry($0) { true } else { false } }.count
                got += Array(batch)
            } else {
                source.drain { got.append($0) }
            }
            var more = true
            while more {
                switch lines.next() {
                case .line(let l): reference(l)
                case .oversized:
                    lineNumber += 1
                    health.health.lines += 1
                    health.oversized(line: lineNumber, limit: limit)
                case .needMore: more = false
                }
            }
        }
        source.finish { got.append($0) }
        if let rest = lines.takeRest() { reference(rest) }
        // Compared as encoded lines: a NaN sample never equals itself.
        let (a, b) = (got.map(encodeNativeLine), expected.map(encodeNativeLine))
        let first = (0..<max(a.count, b.count)).first { $0 >= a.count || $0 >= b.count || a[$0] != b[$0] }
        #expect(first == nil, "record \(first ?? 0) of \(b.count): \(first.map { $0 < a.count ? a[$0] : "none" } ?? "") vs \(first.map { $0 < b.count ? b[$0] : "none" } ?? "")")
        #expect(source.tracker.health == health.health, "\(source.tracker.health) vs \(health.health)")
        let h = health.health
        #expect(h.records > 3_000 && h.malformed > 100 && h.oversized > 0 && h.duplicates > 0 && h.outOfOrder > 0, "\(h)")
        #expect(!batches || inColumns > 1_000, "\(inColumns) samples in columns")
    }

    @Test func isTakenForTheCommonShapeOnly() {
        var d = NativeLineDecoder()
        let common = Array(Self.seeds[0].utf8)
        // First sight of a label set goes the general way (which caches it) ...
        #expect(common.withUnsafeBufferPointer { b in d.decodeCommonSample(b.baseAddress!, b.count) } == nil)
        _ = decode(common, &d)
        // ... and from then on the line is decoded by the fast path.
        let taken = common.withUnsafeBufferPointer { b in d.decodeCommonSample(b.baseAddress!, b.count) }
        #expect(taken.map { $0.record.time } == parseRFC3339("2026-02-14T10:00:00.250Z"))
        // Epoch seconds and Python's spacing take it too, once the label set
        // has been seen spelled that way.
        for form in [Self.seeds[13], Self.seeds[14], Self.seeds[20], Self.seeds[21]] {
            let line = Array(form.utf8)
            _ = decode(line, &d)
            let taken = line.withUnsafeBufferPointer { b in d.decodeCommonSample(b.baseAddress!, b.count) }
            #expect(taken != nil, "\(form)")
        }
        #expect(Array(Self.seeds[14].utf8).withUnsafeBufferPointer { b in
            d.decodeCommonSample(b.baseAddress!, b.count)?.record.time.milliseconds } == 1_771_063_200_250)
        // A tab is whitespace the general decoder reads; the fast path leaves it to it.
        let tab = Array(Self.seeds[23].utf8)
        #expect(tab.withUnsafeBufferPointer { b in d.decodeCommonSample(b.baseAddress!, b.count) } == nil)
        let noLabels = Array(Self.seeds[2].utf8)
        #expect(noLabels.withUnsafeBufferPointer { b in d.decodeCommonSample(b.baseAddress!, b.count) } != nil)
    }

    @Test func wordTailOfATimestampMatchesTheGeneralReader() {
        for second in 0...61 {
            for ms in [0, 1, 9, 10, 99, 100, 250, 999] {
                let tail = ":" + (second < 10 ? "0" : "") + "\(second)." + String(1000 + ms).dropFirst() + "Z"
                let text = "2026-02-14T10:00" + tail
                var general = RFC3339()
                let expected: Int64? = Array(text.utf8).withUnsafeBufferPointer { b in
                    guard case .success(let v) = general.parse(b.baseAddress!, 0, b.count) else { return nil }
                    return v - parseRFC3339("2026-02-14T10:00:00Z")!.milliseconds
                }
                let word = Array(tail.utf8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                #expect(RFC3339.secondsMillisZulu(word) == expected, "\(text)")
            }
        }
        for bad in [":0a.000Z", ":00.0a0Z", ":00,000Z", ":00.000z", "00:00.00", ":/0.000Z", ":0:.000Z"] {
            let word = Array(bad.utf8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            #expect(RFC3339.secondsMillisZulu(word) == nil, "\(bad)")
        }
    }

    @Test func wordCompareAndHashSeeEveryByte() {
        for n in 0...40 {
            let a = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            a.withUnsafeBufferPointer { pa in
                let base = pa.baseAddress ?? UnsafePointer(bitPattern: 1)!
                #expect(memEqual(base, base, n))
                for k in 0..<n {
                    var b = a
                    b[k] ^= 0x40
                    b.withUnsafeBufferPointer { pb in
                        #expect(!memEqual(base, pb.baseAddress!, n), "n=\(n) k=\(k)")
                        #expect(hashBytes(base, n) != hashBytes(pb.baseAddress!, n), "n=\(n) k=\(k)")
                    }
                }
            }
        }
    }
}
