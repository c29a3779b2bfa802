@testable import VigilIngest
import VigilCore

/// The native JSON Lines decoder, each input line three ways:
/// - the general decoder (the specification);
/// - a decoder that takes the common-line fast path, twice (the first read
///   caches the label set, so the second can take the fast path), which
///   must agree with the general decoder wherever it accepts: same record,
///   same series, same failure;
/// - whatever is accepted, printed as a native line, re-reads to the same
///   record (`RoundTrip`).
/// Decoders live across lines of one input, as they do across a file.
enum NativeLineHarness {
    static func run(_ input: UnsafeRawBufferPointer) {
        // Small caches: cheap to make for every input, and full soon, so
        // evictions are exercised too.
        var general = NativeLineDecoder(cacheSlots: 64)
        general.takesCommonPath = false
        var fast = NativeLineDecoder(cacheSlots: 64)
        var start = 0
        while start <= input.count {
            var end = start
            while end < input.count && input[end] != 0x0A { end += 1 }
            let line = UnsafeRawBufferPointer(rebasing: input[start..<end])
            check(line, &general, &fast, input)
            start = end + 1
        }
    }

    static func check(_ line: UnsafeRawBufferPointer, _ general: inout NativeLineDecoder,
                      _ fast: inout NativeLineDecoder, _ input: UnsafeRawBufferPointer) {
        let expected = decode(line, &general)
        for pass in 0..<2 {
            let got = decode(line, &fast)
            if !decodingsAgree(expected, got) {
                violated("fast path (pass \(pass + 1)) and general decoder disagree on \(String(decoding: line, as: UTF8.self).debugDescription)", input)
            }
        }
        if let p = line.baseAddress?.assumingMemoryBound(to: UInt8.self), line.count > 0,
           let common = fast.decodeCommonSample(p, line.count) {
            guard case .success(let g)? = expected, decodingsAgree(.success(g), .success(common)) else {
                violated("fast path accepts a line the general decoder reads differently", input)
            }
        }
        if case .success(let decoded)? = expected {
            RoundTrip.check(encodeNativeLine(decoded.record), input)
        }
    }

    static func decode(_ line: UnsafeRawBufferPointer, _ d: inout NativeLineDecoder) -> Result<DecodedLine, ScanError>? {
        if NativeLineDecoder.isBlank(line) { return nil }
        do throws(ScanError) { return .success(try d.decodeLine(line)) } catch { return .failure(error) }
    }
}
