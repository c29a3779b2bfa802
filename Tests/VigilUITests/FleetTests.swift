import Testing
@testable import VigilCore
@testable import VigilUI

/// The fleet overview: its order (a pure function, tested on its own), the
/// screen, and the keys that go into a deployment and back.
@Suite struct FleetTests {
    func row(_ name: String, worst: SignalStatus? = .ok, open: Int = 0, escalated: Int = 0, blast: Double = 0,
             oldestOpen: Int? = nil) -> FleetRow {
        FleetRow(deployment: name,
                 rollouts: [],
                 worst: worst.map { Fixtures.signal("s", metric: "m", family: .quality, status: $0, value: 1, group: name) },
                 open: open, escalated: escalated, changedAt: nil, oldestOpen: oldestOpen.map(Fixtures.at), blast: blast)
    }

    @Test func worstStateComesFirst() {
        let rows = [row("a-ok"), row("b-breach", worst: .breaching), row("c-fail", worst: .failing),
                    row("d-escalated", open: 1, escalated: 1), row("e-nodata", worst: .noData),
                    row("f-warming", worst: .warmingUp), row("g-pending", open: 1), row("h-none", worst: nil)]
        #expect(Fleet.ordered(rows).map(\.deployment)
                == ["d-escalated", "c-fail", "g-pending", "b-breach", "e-nodata", "f-warming", "a-ok", "h-none"])
    }

    @Test func sameStateLargerBlastRadiusFirstThenLongestWaitingThenName() {
        let rows = [row("a", worst: .failing, open: 1, blast: 10, oldestOpen: 100),
                    row("b", worst: .failing, open: 1, blast: 50, oldestOpen: 200),
                    row("c", worst: .failing, open: 1, blast: 10, oldestOpen: 50),
                    row("d", worst: .failing, open: 1, blast: 10, oldestOpen: 50)]
        #expect(Fleet.ordered(rows).map(\.deployment) == ["b", "c", "d", "a"])
        // The order does not depend on the order rows arrive in.
        #expect(Fleet.ordered(rows.reversed()).map(\.deployment) == ["b", "c", "d", "a"])
    }

    @Test func proposalsAcrossDeploymentsAreOrderedTheSameWay() {
        var small = Fixtures.proposal("P1", createdAt: 10)
        small.blastRadius.trafficPercent = 5
        var large = Fixtures.proposal("P2", createdAt: 20)
        large.group = "billing-bot"
        large.blastRadius.trafficPercent = 50
        var escalated = Fixtures.proposal("P3", status: .escalated, createdAt: 30)
        escalated.blastRadius.trafficPercent = 1
        let older = Fixtures.proposal("P4", createdAt: 5)
        var done = Fixtures.proposal("P5", status: .rejected, createdAt: 1)
        done.decidedAt = Fixtures.at(2)
        let model = Fixtures.model(proposals: [small, large, escalated, older, done])
        #expect(ProposalQueue.ordered(model, filter: "").map(\.id) == ["P3", "P2", "P4", "P1", "P5"])
    }

    @Test func rowsSayWhatIsRollingOutWhatIsWorstAndWhatIsOpen() throws {
        let rows = Fleet.rows(FleetFixtures.model().core)
        #expect(rows.map(\.deployment) == ["ops-agent", "support-agent", "search-agent", "billing-bot"])
        let support = try #require(rows.first { $0.deployment == "support-agent" })
        #expect(support.worst?.signal == "quality_score")
        #expect(support.open == 1 && support.escalated == 0)
        #expect(support.rollouts.map(\.canaryPercent) == [10])
        let ops = try #require(rows.first)
        #expect(ops.escalated == 1 && ops.rollouts.isEmpty)
    }

    // MARK: Screen and keys

    @Test func withSeveralDeploymentsTheFirstScreenIsTheFleet() {
        let view = ViewState().observing(FleetFixtures.model(), nowMillis: 0)
        #expect(view.screen == .fleet)
        // One deployment: the overview, as ever.
        #expect(ViewState().observing(Fixtures.model(), nowMillis: 0).screen == .overview)
        #expect(Fleet.hasSeveral(FleetFixtures.model().core) && !Fleet.hasSeveral(Fixtures.model().core))
        #expect(!Fleet.hasSeveral(CoreSnapshot.empty))
    }

    @Test func enterOpensTheSelectedDeploymentAndEscComesBack() {
        let model = FleetFixtures.model()
        var view = ViewState().observing(model, nowMillis: 0)
        (view, _) = reduce(view, key: .down, model: model, nowMillis: 1)
        #expect(view.selectedDeployment == "support-agent")
        (view, _) = reduce(view, key: .enter, model: model, nowMillis: 2)
        #expect(view.screen == .overview && view.deployment == "support-agent")
        let text = render(model, view, width: 100, height: 30, theme: .dark).text()
        #expect(text.contains("quality_score") && !text.contains("agent-beliefs"), "\(text)")
        #expect(text.contains("P1") && !text.contains("P2"), "only support-agent's proposals:\n\(text)")
        // Decisions act on this deployment's queue: P1, not the escalated P2 ranked first across the fleet
        // (once the new screen has been up for the decision keys' guard).
        let (_, commands) = reduce(view, key: .char("n"), model: model, nowMillis: 2 + ViewState.confirmGuardMillis)
        #expect(commands == [.reject(proposalID: "P1")])
        (view, _) = reduce(view, key: .escape, model: model, nowMillis: 4)
        #expect(view.screen == .fleet && view.deployment == nil)
        #expect(view.selectedDeployment == "support-agent", "the fleet keeps its selection")
        // The help screen opened from a deployment returns to it.
        (view, _) = reduce(view, key: .enter, model: model, nowMillis: 5)
        (view, _) = reduce(view, key: .char("?"), model: model, nowMillis: 6)
        (view, _) = reduce(view, key: .escape, model: model, nowMillis: 7)
        #expect(view.screen == .overview && view.deployment == "support-agent")
    }

    @Test func selectionStaysWithinTheFleet() {
        let model = FleetFixtures.model()
        var view = ViewState().observing(model, nowMillis: 0)
        (view, _) = reduce(view, key: .char("G"), model: model, nowMillis: 1)
        #expect(view.selectedDeployment == "billing-bot")
        (view, _) = reduce(view, key: .down, model: model, nowMillis: 2)
        #expect(view.selectedDeployment == "billing-bot")
        (view, _) = reduce(view, key: .char("g"), model: model, nowMillis: 3)
        #expect(view.selectedDeployment == "ops-agent")
        let (_, commands) = reduce(view, key: .char("y"), model: model, nowMillis: 10_000)
        #expect(commands.isEmpty, "no decision is taken from the fleet")
    }

    @Test func theFilterNarrowsTheFleetAndItsQueue() {
        let model = FleetFixtures.model()
        var view = ViewState().observing(model, nowMillis: 0)
        view.filter = "support"
        let text = render(model, view, width: 100, height: 30, theme: .dark).text()
        #expect(text.contains("1 of 4 match the filter"), "\(text)")
        #expect(!text.contains("ops-agent     ") && text.contains("P1") && !text.contains("P2    ▲"), "\(text)")
        (view, _) = reduce(view, key: .enter, model: model, nowMillis: 1)
        #expect(view.deployment == "support-agent")
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func fleetScreen(size: (Int, Int)) {
        let model = FleetFixtures.model()
        let view = ViewState().observing(model, nowMillis: 0)
        let text = render(model, view, width: size.0, height: size.1, theme: .dark).text()
        for word in ["Deployments", "ops-agent", "support-agent", "billing-bot", "search-agent", "▲ ESCALATED",
                     "Proposals", "P1", "P2"] {
            #expect(text.contains(word), "\(word) missing at \(size):\n\(text)")
        }
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.count == size.1)
        for r in rows { #expect(DisplayWidth.of(String(r)) <= size.0) }
        // Most urgent first: the escalated deployment's row comes before the others.
        let table = rows.firstIndex { $0.contains("deployment") && $0.contains("state") } ?? 0
        let ops = rows[table...].firstIndex { $0.contains("ops-agent") && $0.contains("ESCALATED") }
        let billing = rows[table...].firstIndex { $0.contains("billing-bot") }
        #expect(ops != nil && billing != nil && ops! < billing!)
        GoldenFile.check(text, named: "fleet-\(size.0)x\(size.1)")
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func oneDeploymentOpenedFromTheFleet(size: (Int, Int)) {
        let model = FleetFixtures.model()
        var view = ViewState().observing(model, nowMillis: 0)
        (view, _) = reduce(view, key: .enter, model: model, nowMillis: 1)
        #expect(view.deployment == "ops-agent")
        let text = render(model, view, width: size.0, height: size.1, theme: .dark).text()
        #expect(text.contains("agent-beliefs") && !text.contains("quality_score"), "\(text)")
        GoldenFile.check(text, named: "fleet-ops-agent-\(size.0)x\(size.1)")
    }
}

extension FleetTests {
    @Test(arguments: [(40, 12), (60, 16), (120, 36)])
    func fleetFitsEverySize(size: (Int, Int)) {
        let model = FleetFixtures.model()
        let view = ViewState().observing(model, nowMillis: 0)
        let text = render(model, view, width: size.0, height: size.1, theme: .dark).text()
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.count == size.1)
        for r in rows { #expect(DisplayWidth.of(String(r)) <= size.0) }
        #expect(text.contains("▶ ▲ ops-agent") || text.contains("▶ ▲ ESCALATED ops-agent"), "\(text)")
        #expect(text.contains("v1 90% / v2 10%") || size.0 < 60, "\(text)")
        if size.1 >= 16 { #expect(text.contains("billing-bot"), "\(text)") }
    }
}
