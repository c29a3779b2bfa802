import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// Event time as RFC 3339 text, written byte by byte (`appendISO8601`) for
/// the native-line writers and as a `String` (`iso8601`) for everything
/// else: the same text, checked against Foundation's own formatter.
@Suite struct EventTimeTextTests {
    @Test func knownInstants() {
        #expect(EventTime(milliseconds: 0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(EventTime(milliseconds: -1).iso8601 == "1969-12-31T23:59:59.999Z")
        #expect(EventTime(milliseconds: 1_771_063_200_250).iso8601 == "2026-02-14T10:00:00.250Z")
        #expect(EventTime(milliseconds: -62_167_219_200_000).iso8601 == "0000-01-01T00:00:00.000Z")
        #expect(EventTime(milliseconds: 253_402_300_799_999).iso8601 == "9999-12-31T23:59:59.999Z")
        #expect(EventTime(milliseconds: 253_402_300_800_000).iso8601 == "10000-01-01T00:00:00.000Z")
    }

    @Test func bytesAndStringAgreeWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var rng = SplitMix64(seed: 3339)
        // Foundation's calendar is Julian before 1582: compare from 1600 on.
        let from: Int64 = -11_676_096_000_000, to: Int64 = 253_402_300_799_999
        for _ in 0..<5_000 {
            let t = EventTime(milliseconds: Int64.random(in: from...to, using: &rng))
            var bytes: [UInt8] = [0x7B]
            t.appendISO8601(to: &bytes)
            #expect(bytes == [0x7B] + Array(t.iso8601.utf8))
            let date = Date(timeIntervalSince1970: TimeInterval(t.milliseconds) / 1000)
            #expect(t.iso8601 == formatter.string(from: date), "\(t.milliseconds)")
        }
    }
}
