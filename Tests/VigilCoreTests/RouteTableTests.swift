import Testing
@testable import VigilCore

@Suite struct RouteTableTests {
    @Test func findsWhatWasInsertedByMetricAndLabels() {
        var table = RouteTable()
        let a = Labels(["deployment": "a"])
        let e = table.insert(metric: "errors.rate", labels: a, routes: [.unit(3, canarySide: true, feed: -1), .traffic(0)])
        #expect(table.find(metric: "errors.rate", labels: a) == e)
        #expect(table.find(metric: "errors.rates", labels: a) == nil)
        #expect(table.find(metric: "errors.rate", labels: Labels(["deployment": "b"])) == nil)
        #expect(table.routeRange(of: e).map(table.route(at:)) == [.unit(3, canarySide: true, feed: -1), .traffic(0)])
    }

    @Test func growsPastItsFirstTableAndFindsEveryEntry() {
        var table = RouteTable()
        var entries: [Int] = []
        for i in 0..<3000 { entries.append(table.insert(metric: "m", labels: Labels(["i": String(i)]), routes: [.traffic(i)])) }
        for i in 0..<3000 {
            let e = table.find(metric: "m", labels: Labels(["i": String(i)]))
            #expect(e == entries[i])
            if let e { #expect(table.routeRange(of: e).map(table.route(at:)) == [.traffic(i)]) }
        }
        #expect(table.generation == 0)
    }
}
