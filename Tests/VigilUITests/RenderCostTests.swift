import Testing
@testable import VigilCore
import VigilUI

/// A frame must be cheap: a fast replay posts many models and the UI thread
/// renders the latest each time it wakes.
@Suite struct RenderCostTests {
    @Test func largestFrameRendersQuickly() {
        var signals: [SignalState] = []
        for i in 0..<40 {
            var s = Fixtures.signals[i % Fixtures.signals.count]
            s.signal += "_\(i)"
            s.history = (0..<120).map { Double(($0 * 7 + i) % 23) }
            signals.append(s)
        }
        let model = Fixtures.model(proposals: (1...12).map { Fixtures.proposal("P\($0)") }, signals: signals)
        let clock = ContinuousClock()
        let frames = 20
        let elapsed = clock.measure {
            for _ in 0..<frames { _ = render(model, ViewState(), width: 200, height: 60, theme: .dark) }
        }
        let perFrame = elapsed / frames
        print("render 200×60 with 40 signals, 12 proposals: \(perFrame) per frame")
        #expect(perFrame < .milliseconds(100)) // debug build; release is far faster
    }
}
