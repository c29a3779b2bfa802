import Foundation
import Testing
@testable import VigilApp
import VigilTestSupport
import VigilUI

@Suite struct ThemeChoiceTests {
    @Test func aPlainWordIsANameAPathIsAFileAnythingElseIsRejected() {
        #expect(ThemeChoice("high-contrast") == .named("high-contrast"))
        #expect(ThemeChoice("themes/light.yaml") == .file("themes/light.yaml"))
        #expect(ThemeChoice("mine.yaml") == .file("mine.yaml"))
        #expect(ThemeChoice("bad name!") == nil)
        #expect(ThemeChoice("") == nil)
    }

    @Test func aThemeFileIsLoadedByItsPath() throws {
        let path = temporaryDirectory("theme") + "/night.yaml"
        try "# a theme\nok: green\n".write(toFile: path, atomically: true, encoding: .utf8)
        let theme = try #require(ThemeChoice(path)).load(searchPaths: [])
        #expect(theme.name == "night")
        #expect(theme.colors[.ok] == ColorSpec(parsing: "green"))
    }

    @Test func theFlagWinsOverThePolicyAndABadPolicyNameIsReported() throws {
        #expect(try ThemeChoice.resolve(.named("light"), policyTheme: "monochrome").name == "light")
        #expect(try ThemeChoice.resolve(nil, policyTheme: "monochrome").name == "monochrome")
        #expect(try ThemeChoice.resolve(nil, policyTheme: nil).name == "dark")
        #expect(throws: (any Error).self) { try ThemeChoice.resolve(nil, policyTheme: "bad name!") }
    }
}
