import VigilUI

/// The theme loader: any text gives a theme or a `ThemeError`, never a
/// crash or a hang.
enum ThemeHarness {
    static func run(_ input: UnsafeRawBufferPointer) {
        do {
            _ = try Theme.parse(String(decoding: input, as: UTF8.self), name: "fuzz", source: "fuzz.yaml")
        } catch is ThemeError {
        } catch {
            violated("theme loader threw \(type(of: error)), not ThemeError", input)
        }
    }
}
