import Testing
@testable import VigilApp
import VigilIngest
import VigilTestSupport
import VigilUI

/// A Prometheus-compatible server is a remote source from the moment it is
/// configured: before its first poll the sources screen draws it as one
/// (its URL whole, "last ok never"), not as a file named after the URL's
/// last path component.
@Suite struct RemoteSourceRowTests {
    static let url = "http://127.0.0.1:9/prom"

    func policy() throws -> String {
        let dir = temporaryDirectory("remote-row")
        let path = dir + "/vigil.yaml"
        try """
        sources:
          - \(dir)/metrics.jsonl
          - prometheus: \(Self.url)
        signals:
          - name: errors
            metric: errors.rate
            query: 'errors_rate'
            detector: {type: threshold, direction: higher_is_worse, value: 0.1}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func sourcesScreen(_ model: DashboardModel) -> String {
        var view = ViewState()
        view.screen = .sources
        return render(model, view, width: 120, height: 30, theme: .dark).text()
    }

    @Test func aServerIsARemoteRowBeforeAnySourceReports() throws {
        let session = try Session.watch(configPath: try policy(), fromStart: true, readOnly: false)
        defer { session.stop() }
        let row = try #require(session.models.current.status.sources.first { $0.name == Self.url })
        #expect(row.remote)
        let screen = sourcesScreen(session.models.current)
        #expect(screen.contains(Self.url) && screen.contains("last ok never · 0 requests, 0 failed"), "\(screen)")
    }

    @Test func aServerStaysARemoteRowWhenAFileReportsBeforeItsFirstPoll() throws {
        let config = try PolicyLoader.load(path: try policy())
        let box = HealthBox(sources: config.unreportedSources)
        var file = SourceHealth(source: config.sources[0].path)
        file.records = 3
        let (all, _, _) = box.set(file)
        #expect(all.map(\.remote) == [false, true])
        var model = DashboardModel()
        model.status.sources = all.map(SourceSummary.init)
        let screen = sourcesScreen(model)
        #expect(screen.contains(Self.url) && screen.contains("last ok never"), "\(screen)")
        #expect(!screen.contains(" prom "), "\(screen)")
    }
}
