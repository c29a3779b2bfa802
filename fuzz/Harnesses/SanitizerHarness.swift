import VigilCore
import VigilUI

/// The screen sanitizer: its output holds no C0 control (not even tab or
/// newline), no DEL and no C1 control, and cleaning twice changes nothing.
enum SanitizerHarness {
    static func run(_ input: UnsafeRawBufferPointer) {
        let clean = TextSanitizer.clean(String(decoding: input, as: UTF8.self))
        for s in clean.unicodeScalars {
            let v = s.value
            if v < 0x20 || v == 0x7F || (0x80..<0xA0).contains(v) {
                violated("sanitized text holds U+\(String(v, radix: 16, uppercase: true))", input)
            }
        }
        let twice = TextSanitizer.clean(clean)
        if !twice.utf8.elementsEqual(clean.utf8) { violated("sanitizing twice changes the text", input) }
    }
}
