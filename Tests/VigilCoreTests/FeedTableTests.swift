import Testing
import VigilTestSupport
@testable import VigilCore

/// `FeedTable` keeps the values of slots fed the same samples once. Checked
/// against the plain model, every slot with its own `MinuteBins`, `History`
/// and `SampleRhythm`, as each unit held them before: the same change point,
/// recent values and rhythm, bit for bit, whatever the series feed.
@Suite struct FeedTableTests {
    private struct Model {
        var minutes: [FeedTable.Slot: MinuteBins] = [:]
        var history: [FeedTable.Slot: History] = [:]
        var rhythm: [FeedTable.Slot: SampleRhythm] = [:]
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func slotsSeeWhatTheirOwnCopyWouldHold(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var table = FeedTable(), model = Model()
        var opened: [FeedTable.Slot] = []
        var shows: [FeedTable.Slot: Bool] = [:]
        var series: [[FeedTable.Slot]] = []
        var now: Int64 = 1_771_000_000_000
        var units = 0
        func open(_ slot: FeedTable.Slot, _ keepsHistory: Bool) {
            table.open(slot, keepsHistory: keepsHistory)
            opened.append(slot)
            shows[slot] = keepsHistory
            model.minutes[slot] = MinuteBins()
            model.history[slot] = History()
            model.rhythm[slot] = SampleRhythm()
        }
        func feed(_ slots: [FeedTable.Slot], _ v: Double) {
            let t = EventTime(milliseconds: now)
            for s in slots {
                table.add(t, v, slot: s)
                model.minutes[s]!.add(t, v)
                model.history[s]!.append(v)
                model.rhythm[s]!.observe(t)
            }
        }
        for step in 0..<4_000 {
            // Now and then two samples at one time (not a gap of the rhythm).
            if rng.uniform() < 0.9 { now += Int64(rng.uniform() * 30_000) }
            let r = rng.uniform()
            if r < 0.04 || units < 2 {
                // A new unit: its tested and arrivals slots, sometimes a reference too.
                let u = units
                units += 1
                open(FeedTable.slot(unit: u, reference: false), rng.uniform() < 0.8)
                if rng.uniform() < 0.4 { open(FeedTable.slot(unit: u, reference: true), true) }
                open(FeedTable.arrivals(unit: u), false)
            } else if r < 0.10 || series.isEmpty {
                // A new series, or one routed again with a slot more (as a
                // baseline series starts feeding a canary's trend unit),
                // now and then a slot twice: regrouped, then its first sample.
                var slots: [FeedTable.Slot]
                if !series.isEmpty, rng.uniform() < 0.3 {
                    let i = Int(rng.uniform() * Double(series.count))
                    slots = series[i] + [opened[Int(rng.uniform() * Double(opened.count))]]
                    series[i] = slots
                } else {
                    slots = []
                    for s in opened where rng.uniform() < 0.3 { slots.append(s) }
                    if let s = slots.first, rng.uniform() < 0.05 { slots.append(s) }
                    series.append(slots)
                }
                table.regroup(slots)
                feed(slots, rng.uniform())
            } else {
                feed(series[Int(rng.uniform() * Double(series.count))], rng.uniform())
            }
            if step % 50 == 0 || step == 3_999 {
                for s in opened {
                    if s % 3 == 0 {
                        #expect(table.changePoint(of: s) == model.minutes[s]!.changePoint(), "step \(step), slot \(s)")
                    }
                    if s % 3 == 2 {
                        #expect(table.hasInterval(of: s) == model.rhythm[s]!.hasInterval
                                && table.staleAfter(of: s) == model.rhythm[s]!.staleAfter, "step \(step), slot \(s)")
                    }
                    if shows[s]! {
                        #expect(table.history(of: s) == model.history[s]!.values, "step \(step), slot \(s)")
                    }
                }
            }
        }
    }

    @Test func slotsFedAlikeShareOneFeedUntilTheirSamplesDiffer() {
        var table = FeedTable()
        let t = EventTime(milliseconds: 1_771_000_000_000)
        let slots = (0..<3).map { FeedTable.slot(unit: $0, reference: false) }
        for s in slots { table.open(s, keepsHistory: true) }
        #expect(table.feedsInUse == 3)
        table.regroup(slots)
        for s in slots { table.add(t, 1, slot: s) }
        #expect(table.feedsInUse == 1)
        #expect(slots.allSatisfy { table.history(of: $0) == [1] })
        // A series feeding only the second slot parts it from the others.
        table.regroup([slots[1]])
        table.add(t, 2, slot: slots[1])
        #expect(table.feedsInUse == 2)
        #expect(table.history(of: slots[0]) == [1] && table.history(of: slots[1]) == [1, 2]
                && table.history(of: slots[2]) == [1])
    }

    @Test func aSlotNeverOpenedHoldsNothing() {
        var table = FeedTable()
        table.open(FeedTable.slot(unit: 1, reference: false), keepsHistory: true)
        #expect(table.changePoint(of: FeedTable.slot(unit: 0, reference: false)) == nil)
        #expect(table.history(of: FeedTable.slot(unit: 0, reference: true)).isEmpty)
        #expect(table.history(of: FeedTable.slot(unit: 5, reference: false)).isEmpty)
        #expect(!table.hasInterval(of: FeedTable.arrivals(unit: 0))
                && table.staleAfter(of: FeedTable.arrivals(unit: 7)) == SampleRhythm.unknown)
    }
}
