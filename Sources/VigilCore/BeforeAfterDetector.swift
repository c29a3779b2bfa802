/// A series after a full switch against the same series before it: when a
/// deploy moves all traffic (or the series has no canary to compare), the
/// last `window` before the change is the reference and the samples since
/// the change are tested against it by the same mixture SPRT as a canary
/// (`MixtureSPRT`), which stays valid as the after-sample grows and is
/// checked after every sample. Judged for `horizon` after the change; with
/// no change yet there is nothing to judge (`ok`).
///
/// The trailing window is kept on purpose: until a change happens the
/// reference must be the *recent* past (what the service was just before
/// the switch), not everything since the unit began. From the change on,
/// the after-side accumulates (three numbers) and the reference is frozen.
struct BeforeAfterDetector: Sendable {
    let spec: BeforeAfterSpec
    private var trailing: SeriesWindow
    private var before: RunningMoments?
    private var after = RunningMoments()
    private var changedAt: EventTime?
    private var sprt: MixtureSPRT

    init(spec: BeforeAfterSpec) {
        self.spec = spec
        trailing = SeriesWindow(span: spec.window)
        sprt = MixtureSPRT(alpha: spec.alpha)
    }

    /// A full switch at `t`: what came before is the reference from now on.
    mutating func change(at t: EventTime) {
        trailing.evict(before: t.adding(Duration(milliseconds: -spec.window.milliseconds)))
        before = trailing.moments
        after = RunningMoments()
        changedAt = t
        sprt.failing = false
    }

    mutating func observe(_ t: EventTime, _ v: Double) -> Judgment {
        trailing.append(t, v)
        guard let since = changedAt, let before, t >= since, t.since(since) <= spec.horizon else {
            return Judgment(status: sprt.failing ? .failing : .ok, detail: .beforeAfterIdle,
                            value: v, baseline: before?.mean, samples: after.count, baselineSamples: before?.count ?? 0)
        }
        after.add(v)
        guard after.count >= spec.minSamples, before.count >= spec.minSamples,
              let j = sprt.judge(tested: after, reference: before, direction: spec.direction,
                                 effect: spec.minEffect, relativeEffect: spec.minRelativeEffect) else {
            return Judgment(status: sprt.failing ? .failing : .warmingUp,
                            detail: .needSamples(canary: after.count, baseline: before.count, need: spec.minSamples),
                            value: after.mean, baseline: before.mean, samples: after.count, baselineSamples: before.count)
        }
        return j
    }
}
