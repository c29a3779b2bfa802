/// What a detector concluded after one sample.
///
/// The statistic is kept as numbers (`Statistic`) and worded only when
/// someone reads it (a screen, an evidence line): formatting a Double on
/// every sample cost more than judging it.
struct Judgment: Hashable, Sendable {
    var status: SignalStatus
    var detail: Statistic
    var value: Double?
    var baseline: Double?
    var samples: Int
    var baselineSamples: Int
}
