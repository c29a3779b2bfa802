/// What detector units keep of the samples they are fed (the last three
/// hours by minute, for the change point; the last values, for the screen;
/// the rhythm of their arrival, for staleness), held once for all units fed
/// the same samples.
///
/// Why: a series feeds up to five units (of threshold, canary, shape,
/// trend, anomaly, before/after), and each kept the same per-minute sums and the
/// same recent values and the same rhythm: 3.5 KB, 1 KB and 0.2 KB a unit,
/// and an add to each per sample. Now a unit has up to three slots: the
/// values it tests, for a comparison against a baseline the reference's,
/// and every sample it gets (its rhythm); slots fed exactly the same
/// samples in the same order share one feed. Which samples feed a slot
/// is fixed per series when its route is worked out (`DetectorUnit.role`),
/// so whether two slots keep getting the same samples is decided there
/// (`regroup`):
/// - a series that feeds only some slots of a feed splits it: those slots
///   get a copy of the feed's state (equal up to now), and from then on the
///   two are fed apart;
/// - slots whose feeds have seen no sample yet and that the series feeds
///   join one feed (all empty, so equal).
/// Every feed's slots thus see the same samples, and each series' route
/// feeds whole feeds. A feed is added to once a sample, by its leader slot
/// (its first), before any of its units judges the sample: the same state
/// each unit's own copy had.
struct FeedTable: Sendable {
    /// A unit's slot: `3·unit` for what it tests, `3·unit + 1` for its
    /// reference, `3·unit + 2` for every sample it gets.
    typealias Slot = Int

    struct Feed: Sendable {
        var minutes = MinuteBins()
        var history = History()
        var rhythm = SampleRhythm()
        /// Per-minute sums: some slot tests these values.
        var keepsMinutes = false
        /// Recent values: some slot shows them (all but the shape's tested slot).
        var keepsHistory = false
        /// The rhythm: some slot gets every sample of its unit.
        var keepsRhythm = false
        /// No sample yet: it may join another such feed.
        var pristine = true

        mutating func add(_ t: EventTime, _ v: Double) {
            pristine = false
            if keepsMinutes { minutes.add(t, v) }
            if keepsHistory { history.append(v) }
            if keepsRhythm { rhythm.observe(t) }
        }
    }

    private var feeds: [Feed] = []
    private var members: [[Slot]] = []
    /// Feeds emptied by a join, for reuse.
    private var unused: [Int] = []
    /// Per slot: its feed (-1: none), the feed it adds to (its feed if it
    /// leads it, else -1: one array read per add), and whether it keeps its history.
    private var feedOf: [Int32] = []
    private var leads: [Int32] = []
    private var showsHistory: [Bool] = []

    static func slot(unit: Int, reference: Bool) -> Slot { 3 * unit + (reference ? 1 : 0) }

    /// The slot of every sample a unit gets, whatever it feeds.
    static func arrivals(unit: Int) -> Slot { 3 * unit + 2 }

    /// Gives a new slot a feed of its own. `keepsHistory`: the slot's unit
    /// shows the values it is fed (the shape shows its PSI instead).
    mutating func open(_ slot: Slot, keepsHistory: Bool) {
        while feedOf.count <= slot { feedOf.append(-1); leads.append(-1); showsHistory.append(false) }
        showsHistory[slot] = keepsHistory
        let f: Int
        if let reused = unused.popLast() { f = reused; feeds[f] = Feed() } else { f = feeds.count; feeds.append(Feed()) }
        members[safe: f] = [slot]
        feedOf[slot] = Int32(f)
        settle(f)
    }

    /// Adds a sample to the slot's feed if the slot is its leader.
    @inline(__always) mutating func add(_ t: EventTime, _ v: Double, slot: Slot) {
        let f = leads[slot]
        if f >= 0 { feeds[Int(f)].add(t, v) }
    }

    /// Feeds holding slots (tests check the sharing).
    var feedsInUse: Int { members.count - unused.count }

    func changePoint(of slot: Slot) -> ChangePoint? {
        guard slot < feedOf.count, feedOf[slot] >= 0 else { return nil }
        return feeds[Int(feedOf[slot])].minutes.changePoint()
    }

    /// Whether the arrivals slot's samples came at two distinct times.
    func hasInterval(of slot: Slot) -> Bool {
        guard slot < feedOf.count, feedOf[slot] >= 0 else { return false }
        return feeds[Int(feedOf[slot])].rhythm.hasInterval
    }

    /// How long the arrivals slot may go without a sample (`SampleRhythm.staleAfter`).
    func staleAfter(of slot: Slot) -> Duration {
        guard slot < feedOf.count, feedOf[slot] >= 0 else { return SampleRhythm.unknown }
        return feeds[Int(feedOf[slot])].rhythm.staleAfter
    }

    /// The slot's recent values, oldest first (empty for a slot never opened).
    func history(of slot: Slot) -> [Double] {
        guard slot < feedOf.count, feedOf[slot] >= 0 else { return [] }
        return feeds[Int(feedOf[slot])].history.values
    }

    /// A series' route was worked out: `fed` are the slots each of its
    /// samples feeds, in route order (a slot twice if it is fed twice).
    /// Afterwards every feed holding one of them holds only slots fed the
    /// same number of times by this series.
    mutating func regroup(_ fed: [Slot]) {
        guard !fed.isEmpty else { return }
        var times: [Slot: Int] = [:]
        var touched: [Int] = []
        for s in fed {
            times[s, default: 0] += 1
            let f = Int(feedOf[s])
            if !touched.contains(f) { touched.append(f) }
        }
        // Split: slots fed a different number of times part ways, each part
        // with a copy of the state so far; the part this series does not
        // feed keeps the feed.
        var regrouped: [Int] = []
        for f in touched {
            var parts: [(times: Int, slots: [Slot])] = []
            for s in members[f] {
                let n = times[s] ?? 0
                if let i = parts.firstIndex(where: { $0.times == n }) { parts[i].slots.append(s) } else { parts.append((n, [s])) }
            }
            let keep = parts.firstIndex { $0.times == 0 } ?? 0
            members[f] = parts[keep].slots
            if parts[keep].times > 0 { regrouped.append(f) }
            for (i, part) in parts.enumerated() where i != keep {
                let g: Int
                if let reused = unused.popLast() { g = reused; feeds[g] = feeds[f] } else { g = feeds.count; feeds.append(feeds[f]) }
                members[safe: g] = part.slots
                for s in part.slots { feedOf[s] = Int32(g) }
                regrouped.append(g)
            }
        }
        // Join: feeds with no sample yet that this series feeds alike.
        var joined: [Int] = []
        for f in regrouped {
            guard feeds[f].pristine else { joined.append(f); continue }
            let n = times[members[f][0]] ?? 0
            if let into = joined.first(where: { feeds[$0].pristine && times[members[$0][0]] == n }) {
                for s in members[f] { feedOf[s] = Int32(into) }
                members[into] += members[f]
                members[f] = []
                unused.append(f)
            } else {
                joined.append(f)
            }
        }
        for f in touched where !members[f].isEmpty { settle(f) }
        for f in joined { settle(f) }
    }

    /// Leader and kept state of a feed after its slots changed; state no
    /// slot needs any more is let go.
    private mutating func settle(_ f: Int) {
        var minutes = false, history = false, rhythm = false
        for (i, s) in members[f].enumerated() {
            leads[s] = i == 0 ? feedOf[s] : -1
            if s % 3 == 0 { minutes = true }
            if s % 3 == 2 { rhythm = true }
            if showsHistory[s] { history = true }
        }
        if feeds[f].keepsMinutes && !minutes { feeds[f].minutes = MinuteBins() }
        if feeds[f].keepsHistory && !history { feeds[f].history = History() }
        if feeds[f].keepsRhythm && !rhythm { feeds[f].rhythm = SampleRhythm() }
        feeds[f].keepsMinutes = minutes
        feeds[f].keepsHistory = history
        feeds[f].keepsRhythm = rhythm
    }
}

private extension Array where Element == [FeedTable.Slot] {
    /// Sets element `i`, appending when `i` is the end.
    subscript(safe i: Int) -> [FeedTable.Slot] {
        get { self[i] }
        set { if i == count { append(newValue) } else { self[i] = newValue } }
    }
}
