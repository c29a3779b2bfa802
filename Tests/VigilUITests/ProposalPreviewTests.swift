import Testing
@testable import VigilCore
@testable import VigilUI

/// The rows under the queue preview the selected proposal; when it has
/// nothing to preview, no row is kept empty for it.
@Suite struct ProposalPreviewTests {
    /// A proposal with nothing to preview: no evidence, reason or alternative.
    static func bare(_ id: String) -> Proposal {
        var p = Fixtures.proposal(id)
        p.evidence = []
        p.alternatives = []
        p.rationale = nil
        return p
    }

    static func rows(_ queue: ProposalQueueView, height: Int) -> [Substring] {
        var canvas = Canvas(width: 80, height: height)
        queue.draw(on: &canvas, x: 0, y: 0, width: 80, height: height)
        return canvas.text().split(separator: "\n", omittingEmptySubsequences: false)
    }

    @Test func withNothingToPreviewTheRowGoesToTheList() {
        let queue = ProposalQueueView(queue: [Self.bare("P1"), Self.bare("P2"), Self.bare("P3")], selected: 0,
                                      now: Fixtures.at(300), readOnly: false, focused: true)
        #expect(queue.preview(width: 80).isEmpty)
        #expect(queue.minimum(width: 80) == 3)
        #expect(queue.demand(width: 80) == 4)
        let rows = Self.rows(queue, height: 3)
        #expect(rows[1].contains("P1") && rows[2].contains("P2"), "\(rows)")
    }

    @Test func aPreviewStillTakesItsRowFromTheList() {
        let queue = ProposalQueueView(queue: [Fixtures.proposal("P1"), Fixtures.proposal("P2"), Fixtures.proposal("P3")],
                                      selected: 0, now: Fixtures.at(300), readOnly: false, focused: true)
        #expect(queue.minimum(width: 80) == 4)
        let rows = Self.rows(queue, height: 3)
        #expect(rows[1].contains("P1") && rows[2].contains("evidence"), "\(rows)")
    }
}
