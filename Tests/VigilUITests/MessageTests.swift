import Testing
@testable import VigilUI

/// Messages leave by themselves after a few seconds, never take the key
/// hints' row, and stay readable on the messages screen.
@Suite struct MessageTests {
    let model = Fixtures.model()
    let life = MessageLog.lifetimeMillis

    func text(_ view: ViewState, _ w: Int = 80, _ h: Int = 24) -> String {
        render(model, view, width: w, height: h, theme: .dark).text()
    }

    @Test func aMessageExpiresByTheClockNotByWaiting() {
        var log = MessageLog()
        log.post("theme light", kind: .answer, at: 1_000)
        #expect(log.shown(at: 1_000)?.text == "theme light")
        #expect(log.shown(at: 1_000 + life - 1)?.text == "theme light")
        #expect(log.shown(at: 1_000 + life) == nil)
        #expect(log.nextExpiry(at: 1_000) == 1_000 + life)
        #expect(log.nextExpiry(at: 1_000 + life) == nil)
        #expect(log.entries.count == 1) // expired, still in the log
    }

    @Test func theNextKeyDismissesAnswersButNotNotices() {
        var log = MessageLog()
        log.post("hook dry run: would page on-call", kind: .notice, at: 0)
        log.post("no proposal to decide", kind: .answer, at: 10)
        #expect(log.shown(at: 20)?.text == "no proposal to decide")
        log.dismissAnswers()
        #expect(log.shown(at: 20)?.text == "hook dry run: would page on-call")
    }

    @Test func theAnswerToTheLastKeyIsNotHiddenByALaterNotice() {
        var log = MessageLog()
        log.post("an action is still running — press q again within 3 s to quit anyway", kind: .answer, at: 0)
        log.post("escalation hook ran", kind: .notice, at: 10)
        #expect(log.shown(at: 20)?.text.hasPrefix("an action is still running") == true)
        log.dismissAnswers()
        #expect(log.shown(at: 20)?.text == "escalation hook ran")
    }

    @Test func theLogKeepsTheLatestEntries() {
        var log = MessageLog()
        for i in 0..<(MessageLog.limit + 3) { log.post("m\(i)", kind: .answer, at: Int64(i)) }
        #expect(log.entries.count == MessageLog.limit)
        #expect(log.entries.first?.text == "m3")
    }

    @Test func aNoticeInTheModelIsTakenOnceAndAgainWhenSaidAgain() {
        var m = model
        m.status.notice = "P1 rejected — u to undo"
        m.status.noticeSerial = 1
        var v = ViewState().observing(m, nowMillis: 100)
        v.observe(m, nowMillis: 200)
        #expect(v.messages.entries.map(\.text) == ["P1 rejected — u to undo"])
        m.status.noticeSerial = 2 // the same words, said again
        v.observe(m, nowMillis: 300)
        #expect(v.messages.entries.count == 2)
        #expect(v.messages.entries.last?.at == 300)
    }

    @Test func theMessageRowSitsAboveTheKeyHints() {
        var v = ViewState()
        v.observe(model, nowMillis: 1_000)
        v.message = "an action is still running — press q again within 3 s to quit anyway"
        let rows = text(v).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows[22].contains("an action is still running"))
        #expect(rows[22].hasSuffix("m messages"))
        #expect(rows[23].contains("? help · / filter"))
        GoldenFile.check(text(v), named: "message-80x24")
        GoldenFile.check(text(v, 200, 60), named: "message-200x60")
        v.tick(nowMillis: 1_000 + life)
        #expect(!text(v).contains("an action is still running"))
        #expect(text(v) == text(ViewState().observing(model, nowMillis: 0)))
    }

    @Test func theMessagesScreenShowsWhatScrolledAwayNewestFirst() {
        var v = ViewState()
        v.observe(model, nowMillis: 0)
        v.message = "theme light"
        v.tick(nowMillis: 5_000)
        v.message = "unknown command :bogus"
        v.tick(nowMillis: 95_000)
        let (open, _) = reduce(v, key: .char("m"), model: model, nowMillis: 95_000)
        #expect(open.screen == .messages)
        let screen = text(open)
        let rows = screen.split(separator: "\n").map(String.init)
        let bogus = rows.firstIndex { $0.contains("1 min ago") && $0.contains("unknown command :bogus") }
        let theme = rows.firstIndex { $0.contains("1 min ago") && $0.contains("theme light") }
        #expect(bogus != nil && theme != nil && bogus! < theme!, "\(screen)")
        GoldenFile.check(screen, named: "messages-80x24")
        let (viaCommand, _) = reduce(v, key: .char(":"), model: model, nowMillis: 95_000)
        var w = viaCommand
        for c in "messages" { w = reduce(w, key: .char(c), model: model, nowMillis: 95_000).0 }
        #expect(reduce(w, key: .enter, model: model, nowMillis: 95_000).0.screen == .messages)
    }
}
