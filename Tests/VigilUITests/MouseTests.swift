import Testing
@testable import VigilCore
@testable import VigilUI

/// Clicks select what the frame showed under them; the wheel scrolls.
@Suite struct MouseTests {
    let model = Fixtures.model(proposals: [Fixtures.proposal("P1"), Fixtures.proposal("P2", createdAt: 250)])

    func row(_ canvas: Canvas, containing text: String) -> Int? {
        canvas.text().split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) }
    }

    @Test(arguments: [(80, 24), (200, 60), (60, 16)])
    func framesMarkProposalAndSignalRows(size: (Int, Int)) throws {
        let canvas = render(model, ViewState(), width: size.0, height: size.1, theme: .dark)
        let p1 = try #require(row(canvas, containing: "▶ P1"))
        #expect(canvas.target(x: 5, y: p1) == .proposal("P1"))
        let quality = try #require(row(canvas, containing: "quality_score ["))
        let line = canvas.text().split(separator: "\n", omittingEmptySubsequences: false)[quality]
        let column = line.distance(from: line.startIndex, to: try #require(line.range(of: "quality_score")).lowerBound)
        #expect(canvas.target(x: column, y: quality) == .signal(SignalID(Fixtures.signals[2])))
        #expect(canvas.target(x: 3, y: 0) == nil) // the header stands for nothing
    }

    @Test func aClickSelectsAndADoubleClickOpens() {
        let start = ViewState().observing(model, nowMillis: 0)
        let (v, _) = reduce(start, key: .click(.proposal("P2"), open: false), model: model, nowMillis: 10)
        #expect(v.selectedProposalID == "P2" && v.focus == .proposals && v.screen == .overview)
        let signal = SignalID(Fixtures.signals[2])
        let (s, _) = reduce(v, key: .click(.signal(signal), open: false), model: model, nowMillis: 20)
        #expect(s.focus == .signals && s.selectedSignal == signal)
        let (opened, _) = reduce(v, key: .click(.proposal("P1"), open: true), model: model, nowMillis: 30)
        #expect(opened.screen == .proposal("P1") && opened.backStack == [.overview])
    }

    @Test func theWheelScrollsDocumentsAndMovesTheSelectionOnTheOverview() {
        let start = ViewState().observing(model, nowMillis: 0)
        let (down, _) = reduce(start, key: .wheel(3), model: model, nowMillis: 10)
        #expect(down.selectedProposalID == "P2")
        let (up, _) = reduce(down, key: .wheel(-3), model: model, nowMillis: 20)
        #expect(up.selectedProposalID == "P1")
        var help = start
        help.screen = .help
        let (scrolled, _) = reduce(help, key: .wheel(3), model: model, nowMillis: 10)
        #expect(scrolled.scroll == 3)
    }

    @Test func whileTypingTheMouseIsNotText() {
        var typing = ViewState()
        typing.inputMode = .command
        let (v, _) = reduce(typing, key: .click(.proposal("P2"), open: true), model: model, nowMillis: 10)
        #expect(v.commandLine.isEmpty && v.selectedProposalID == nil && v.inputMode == .command)
    }
}
