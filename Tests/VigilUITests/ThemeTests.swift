import Foundation
import Testing
import VigilUI

@Suite struct ThemeTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes").path

    @Test(arguments: ["dark", "light", "high-contrast", "monochrome"])
    func shippedThemeFilesMatchTheBuiltInOnes(name: String) throws {
        let fromFile = try Theme.load(named: name, searchPaths: [Self.themesDirectory])
        let builtIn = try #require(Theme.builtIn.first { $0.name == name })
        #expect(fromFile == builtIn)
    }

    @Test func parsesNamesIndicesHexQuotesAndComments() throws {
        let t = try Theme.parse("""
            # comment
            name: mine
            bad: "#ff0000"   # red
            warn: #ffaf00
            ok: bright-green
            muted: 245
            accent: default
            """, name: "x")
        #expect(t.name == "mine")
        #expect(t[.bad] == .rgb(red: 255, green: 0, blue: 0))
        #expect(t[.warn] == .rgb(red: 255, green: 175, blue: 0))
        #expect(t[.ok] == .ansi(10))
        #expect(t[.muted] == .indexed(245))
        #expect(t[.accent] == .terminalDefault)
        #expect(t[.header] == Theme.dark[.header]) // missing roles inherit dark
    }

    @Test func errorsNameTheLine() {
        #expect(throws: ThemeError.self) { try Theme.parse("oops: red", name: "x") }
        do {
            _ = try Theme.parse("ok: green\nbad: ultraviolet", name: "x", source: "t.yaml")
            Issue.record("expected an error")
        } catch let e as ThemeError {
            #expect(e.message.hasPrefix("t.yaml:2:"))
        } catch { Issue.record("wrong error \(error)") }
    }

    @Test func yamlSyntaxErrorsAndNonScalarColoursNameTheLine() {
        for (text, line) in [("ok: green\nbad: [red\n", 3), ("ok: green\nwarn:\n  - yellow\n", 2)] {
            do {
                _ = try Theme.parse(text, name: "x", source: "t.yaml")
                Issue.record("expected an error for \(text)")
            } catch let e as ThemeError {
                #expect(e.message.hasPrefix("t.yaml:\(line):"), "\(e.message)")
            } catch { Issue.record("wrong error \(error)") }
        }
    }

    @Test func loadFallsBackToBuiltInsAndRefusesPathLikeNames() throws {
        #expect(try Theme.load(named: "light", searchPaths: ["/nonexistent"]) == Theme.light)
        #expect(throws: ThemeError.self) { try Theme.load(named: "../etc/passwd", searchPaths: []) }
        #expect(throws: ThemeError.self) { try Theme.load(named: "nope", searchPaths: []) }
    }

    @Test func userThemesComeFromXDGConfigFirst() {
        let paths = Theme.defaultSearchPaths(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"])
        #expect(paths == ["/x/vigil/themes", "themes"])
        #expect(Theme.defaultSearchPaths(environment: ["HOME": "/h"]) == ["/h/.config/vigil/themes", "themes"])
    }

    @Test func nearestColourMapping() {
        #expect(ColorSpec(parsing: "#ff0000")?.paletteIndex(colors: 256) == 196)
        #expect(ColorSpec(parsing: "#ff0000")?.paletteIndex(colors: 8) == 1)
        #expect(ColorSpec(parsing: "#808080")?.paletteIndex(colors: 256) == 244)
        #expect(ColorSpec(parsing: "bright-red")?.paletteIndex(colors: 8) == 1)
        #expect(ColorSpec(parsing: "bright-red")?.paletteIndex(colors: 256) == 9)
        #expect(ColorSpec(parsing: "237")?.paletteIndex(colors: 8) == 0)
        #expect(ColorSpec(parsing: "245")?.paletteIndex(colors: 8) == 7) // grey: not yellow
        #expect(ColorSpec(parsing: "default")?.paletteIndex(colors: 256) == nil)
        #expect(ColorSpec(parsing: "#12345") == nil)
        #expect(ColorSpec(parsing: "300") == nil)
    }
}
