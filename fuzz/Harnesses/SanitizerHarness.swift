import VigilCore

/// The terminal sanitizer, both forms: `clean` (one line) lets no C0
/// control through, not even tab or line break; `cleanLines` (multi-line
/// output) only those two. Neither lets DEL, a C1 control or an invisible
/// character through (that one is shown as a mark), and cleaning twice
/// changes nothing.
enum SanitizerHarness {
    static func run(_ input: UnsafeRawBufferPointer) {
        let text = String(decoding: input, as: UTF8.self)
        check(TextSanitizer.clean(text), lines: false, TextSanitizer.clean, input)
        check(TextSanitizer.cleanLines(text), lines: true, TextSanitizer.cleanLines, input)
    }

    static func check(_ clean: String, lines: Bool, _ sanitize: (String) -> String, _ input: UnsafeRawBufferPointer) {
        let form = lines ? "cleanLines" : "clean"
        for s in clean.unicodeScalars {
            let v = s.value
            let allowed = lines && (v == 0x0A || v == 0x09)
            if (v < 0x20 && !allowed) || (0x7F..<0xA0).contains(v) || TextSanitizer.isInvisible(s) {
                violated("\(form) lets U+\(String(v, radix: 16, uppercase: true)) through", input)
            }
        }
        if !sanitize(clean).utf8.elementsEqual(clean.utf8) { violated("\(form) twice changes the text", input) }
    }
}
