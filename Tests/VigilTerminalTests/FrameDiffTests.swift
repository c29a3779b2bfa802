import Testing
@testable import VigilTerminal
import VigilUI

@Suite struct FrameDiffTests {
    func canvas(_ rows: [String], width: Int = 10) -> Canvas {
        var c = Canvas(width: width, height: rows.count)
        for (y, row) in rows.enumerated() { c.put(row, x: 0, y: y) }
        return c
    }

    /// The update for `canvas`, which must not be skipped.
    func paint(_ diff: inout FrameDiff, _ canvas: Canvas, _ theme: Theme) throws -> FrameUpdate {
        let frame = diff.update(to: canvas, theme: theme)
        return try #require(frame)
    }

    @Test func firstFrameErasesClearsAndPaintsEveryCell() throws {
        var diff = FrameDiff()
        let frame = try paint(&diff, canvas(["ab", "cd"]), .dark)
        #expect(frame.erase && frame.clear)
        #expect(frame.changes.count == 20)
    }

    @Test func anUnchangedFrameIsSkipped() {
        var diff = FrameDiff()
        _ = diff.update(to: canvas(["ab"]), theme: .dark)
        #expect(diff.update(to: canvas(["ab"]), theme: .dark) == nil)
    }

    @Test func onlyChangedCellsArePainted() throws {
        var diff = FrameDiff()
        _ = diff.update(to: canvas(["abc", "def"]), theme: .dark)
        let frame = try paint(&diff, canvas(["abX", "def"]), .dark)
        #expect(!frame.erase && !frame.clear)
        #expect(frame.changes == [CellChange(x: 2, y: 0, cell: Cell(text: "X"))])
    }

    @Test func aNewSizeErasesButNeedNotClear() throws {
        var diff = FrameDiff()
        _ = diff.update(to: canvas(["ab"], width: 10), theme: .dark)
        let frame = try paint(&diff, canvas(["ab"], width: 8), .dark)
        #expect(frame.erase && !frame.clear)
        #expect(frame.changes.count == 8)
    }

    @Test func invalidatingOrANewThemeRepaintsEverything() throws {
        var diff = FrameDiff()
        _ = diff.update(to: canvas(["ab"]), theme: .dark)
        diff.invalidate()
        let again = try paint(&diff, canvas(["ab"]), .dark)
        #expect(again.clear && again.changes.count == 10)
        let themed = try paint(&diff, canvas(["ab"]), .light)
        #expect(themed.clear && themed.changes.count == 10)
    }

    @Test func rightHalvesOfWideCharactersAreLeftOut() throws {
        var diff = FrameDiff()
        let frame = try paint(&diff, canvas(["中a"], width: 4), .dark)
        #expect(frame.changes.map(\.x) == [0, 2, 3])
        #expect(frame.changes.first?.cell.text == "中")
    }
}
