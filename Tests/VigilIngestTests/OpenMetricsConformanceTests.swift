import Foundation
import Testing
@testable import VigilIngest

/// Runs every case of the OpenMetrics parser conformance suite in
/// Tests/Conformance/openmetrics/parsers (vendored, see its README): each folder's `metrics` must be
/// accepted exactly when its `test.json` says `"shouldParse": true`.
@Suite struct OpenMetricsConformanceTests {
    struct Case: Decodable { var file: String; var shouldParse: Bool }

    static let root = packageRoot.appendingPathComponent("Tests/Conformance/openmetrics/parsers")

    @Test func everyCaseIsAcceptedOrRejectedAsSpecified() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.root.path).sorted()
        #expect(names.count == 211)
        var wrong: [String] = []
        var accepted = 0
        for name in names {
            let dir = Self.root.appendingPathComponent(name)
            let spec = try JSONDecoder().decode(Case.self, from: Data(contentsOf: dir.appendingPathComponent("test.json")))
            let data = try Data(contentsOf: dir.appendingPathComponent(spec.file))
            let result = data.withUnsafeBytes { ExpositionParser.parse($0, openMetrics: true) }
            switch result {
            case .success:
                accepted += 1
                if !spec.shouldParse { wrong.append("\(name): accepted, should be rejected") }
            case .failure(let f):
                if spec.shouldParse { wrong.append("\(name): rejected (\(f)), should parse") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) wrong:\n\(wrong.joined(separator: "\n"))")
        #expect(accepted == 44)
    }
}
