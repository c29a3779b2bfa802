import Testing
@testable import VigilApp

/// `bell:`, `title:` and `mouse:` in the policy, and how the flags win.
@Suite struct ScreenSwitchTests {
    static let signals = """
        signals:
          - name: e
            metric: errors.rate
            detector: {type: threshold, value: 0.1, direction: higher_is_worse}

        """

    @Test func thePolicyReadsTheSwitches() throws {
        let c = try PolicyLoader.parse(Self.signals + "bell: false\ntitle: true\nmouse: false\n")
        #expect(c.bell == false && c.title == true && c.mouse == false)
        let none = try PolicyLoader.parse(Self.signals)
        #expect(none.bell == nil && none.title == nil && none.mouse == nil)
    }

    @Test func aSwitchThatIsNotABooleanIsAnErrorAtItsLine() {
        do {
            _ = try PolicyLoader.parse("bell: loud\n" + Self.signals)
            Issue.record("bell: loud was accepted")
        } catch let e as PolicyErrors {
            #expect(e.problems.contains { $0.line == 1 && $0.message.contains("'bell' must be true or false") }, "\(e)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func flagsWinThenQuietThenThePolicy() {
        #expect(VigilConfig.choose(flag: nil, policy: nil) == true)
        #expect(VigilConfig.choose(flag: nil, policy: false) == false)
        #expect(VigilConfig.choose(flag: true, policy: false) == true)
        #expect(VigilConfig.choose(flag: nil, quiet: true, policy: true) == false)
        #expect(VigilConfig.choose(flag: true, quiet: true, policy: nil) == true)
    }
}
