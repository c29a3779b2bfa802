import Testing
@testable import VigilTerminal
import VigilUI

@Suite struct KeyDecoderTests {
    let decoder = TerminalScreen.keys

    @Test func controlCharactersBecomeTheirKeys() {
        #expect(decoder.decode(.character(27)) == .escape)
        #expect(decoder.decode(.character(10)) == .enter)
        #expect(decoder.decode(.character(13)) == .enter)
        #expect(decoder.decode(.character(9)) == .tab)
        #expect(decoder.decode(.character(8)) == .backspace)
        #expect(decoder.decode(.character(127)) == .backspace)
        #expect(decoder.decode(.character(3)) == .ctrlC)
        #expect(decoder.decode(.character(21)) == .ctrlU)
        #expect(decoder.decode(.character(23)) == .ctrlW)
    }

    @Test func otherControlCharactersAndInvalidScalarsAreIgnored() {
        for code: UInt32 in [0, 1, 4, 26, 31] { #expect(decoder.decode(.character(code)) == nil) }
        #expect(decoder.decode(.character(0xD800)) == nil) // a lone surrogate
        #expect(decoder.decode(.character(0x110000)) == nil)
    }

    @Test func printableCharactersAreText() {
        #expect(decoder.decode(.character(0x71)) == .char("q"))
        #expect(decoder.decode(.character(0x20)) == .char(" "))
        #expect(decoder.decode(.character(0xE9)) == .char("é"))
        #expect(decoder.decode(.character(0x4E2D)) == .char("中"))
    }

    @Test func everyFunctionKeyTheReducerKnowsHasOneNcursesCode() {
        let keys = Array(decoder.functionKeys.values)
        let expected: Set<Key> = [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end,
                                  .enter, .backspace, .delete, .backTab, .resize]
        #expect(Set(keys) == expected)
        #expect(keys.count == expected.count)
    }

    @Test func unknownFunctionKeysAreIgnoredAndCodesAreNotCharacters() throws {
        #expect(decoder.decode(.function(-1)) == nil)
        let up = try #require(decoder.functionKeys.first { $0.value == .up }?.key)
        #expect(decoder.decode(.function(up)) == .up)
        // The same number read as a character is that character, not a key.
        #expect(decoder.decode(.character(UInt32(up))) != .up)
    }
}
