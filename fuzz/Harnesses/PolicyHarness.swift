import VigilApp

/// The policy loader (`vigil.yaml`): any text gives a config or a list of
/// problems, never a crash or a hang.
enum PolicyHarness {
    static func run(_ input: UnsafeRawBufferPointer) {
        let text = String(decoding: input, as: UTF8.self)
        do {
            _ = try PolicyLoader.parse(text, file: "fuzz.yaml")
        } catch let e as PolicyErrors {
            if e.problems.isEmpty { violated("policy rejected with no problem listed", input) }
        } catch {
            violated("policy loader threw \(type(of: error)), not PolicyErrors", input)
        }
    }
}
