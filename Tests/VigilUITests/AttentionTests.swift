import Testing
@testable import VigilCore
@testable import VigilUI

/// What rings the bell, and what the window title may hold.
@Suite struct AttentionTests {
    func model(_ proposals: [Proposal]) -> DashboardModel { Fixtures.model(proposals: proposals) }

    @Test func aNewProposalAnEscalationAndAFailedActionRing() {
        let none = model([])
        let p1 = model([Fixtures.proposal("P1")])
        #expect(Attention.events(from: none, to: p1) == [.proposed("P1")])
        #expect(Attention.events(from: p1, to: p1).isEmpty)
        let escalated = model([Fixtures.proposal("P1", status: .escalated)])
        #expect(Attention.events(from: p1, to: escalated) == [.escalated("P1")])
        #expect(Attention.events(from: escalated, to: escalated).isEmpty)
        let failed = model([Fixtures.proposal("P1", status: .failed)])
        #expect(Attention.events(from: escalated, to: failed) == [.actionFailed("P1")])
        // Decisions and successes are the operator's own doing: no bell.
        #expect(Attention.events(from: p1, to: model([Fixtures.proposal("P1", status: .rejected)])).isEmpty)
        #expect(Attention.events(from: p1, to: model([Fixtures.proposal("P1", status: .executed)])).isEmpty)
    }

    @Test func theTitleCannotCarryControlSequences() {
        let hostile = "Vigil: \u{1B}]0;pwned\u{07} · \u{9D}2;x\u{9C} · \u{1B}[2J · bell\u{07}"
        let title = Attention.terminalTitle(hostile)
        #expect(!title.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(title)")
        #expect(title.hasPrefix("Vigil: "))
        #expect(DisplayWidth.of(Attention.terminalTitle(String(repeating: "x", count: 500))) <= 120)
        #expect(Attention.terminalTitle("Vigil: 1 pending · 2 failing") == "Vigil: 1 pending · 2 failing")
    }
}
