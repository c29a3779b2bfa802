/// A series after a full switch against the same series before it: when a
/// deploy moves all traffic (or the series has no canary to compare), the
/// last `window` before the change is the reference and the samples since
/// the change are tested against it by the same mixture SPRT as a canary
/// (`MixtureSPRT`), which stays valid as the after-sample grows and is
/// checked after every sample. Judged for `horizon` after the change; with
/// no change yet there is nothing to judge (`ok`).
struct BeforeAfterDetector: Sendable {
    let spec: BeforeAfterSpec
    private var trailing: SeriesWindow
    private var before: SeriesWindow?
    private var after: SeriesWindow
    private var changedAt: EventTime?
    private var sprt = MixtureSPRT()
    private let boundary: Double

    init(spec: BeforeAfterSpec) {
        self.spec = spec
        trailing = SeriesWindow(span: spec.window)
        after = SeriesWindow(span: spec.horizon)
        boundary = log(1 / spec.alpha)
    }

    /// A full switch at `t`: what came before is the reference from now on.
    mutating func change(at t: EventTime) {
        trailing.evict(before: t.adding(Duration(milliseconds: -spec.window.milliseconds)))
        before = trailing
        after = SeriesWindow(span: spec.horizon)
        changedAt = t
        sprt.failing = false
    }

    mutating func observe(_ t: EventTime, _ v: Double) -> Judgment {
        trailing.append(t, v)
        guard let since = changedAt, let before, t >= since, t.since(since) <= spec.horizon else {
            return Judgment(status: sprt.failing ? .failing : .ok, detail: .beforeAfterIdle,
                            value: v, baseline: before?.mean, samples: after.count, baselineSamples: before?.count ?? 0)
        }
        after.append(t, v)
        guard after.count >= spec.minSamples, before.count >= spec.minSamples,
              let am = after.mean, let bm = before.mean else {
            return Judgment(status: sprt.failing ? .failing : .warmingUp,
                            detail: .needSamples(canary: after.count, baseline: before.count, need: spec.minSamples),
                            value: after.mean, baseline: before.mean, samples: after.count, baselineSamples: before.count)
        }
        return sprt.judge(tested: after, reference: before, direction: spec.direction, effect: spec.minEffect,
                          relativeEffect: spec.minRelativeEffect, boundary: boundary)
            ?? Judgment(status: .warmingUp, detail: .beforeAfterIdle, value: am, baseline: bm,
                        samples: after.count, baselineSamples: before.count)
    }
}
