import Testing
import VigilCore
import VigilWording

@Suite struct ScopeWordingTests {
    @Test func scopesReadAsTheyAlwaysHave() {
        #expect(Wording.scope(.canaryVsBaseline) == "canary vs baseline")
        #expect(Wording.scope(.variant("v2")) == "v2")
        #expect(Wording.scope(.all) == "all")
        #expect(Wording.scope(.belief(agent: "ops-agent", key: "freeze.active")) == "ops-agent: freeze.active")
    }

    @Test func theTagIsShortAndLeftOutWhenItSaysNothing() {
        #expect(Wording.scopeTag(.canaryVsBaseline) == "canary")
        #expect(Wording.scopeTag(.variant("v2")) == "v2")
        #expect(Wording.scopeTag(.all) == nil)
        #expect(Wording.scopeTag(.variant("")) == nil)
    }
}
