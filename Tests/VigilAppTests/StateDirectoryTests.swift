import Testing
@testable import VigilApp

/// A replay without `--state-dir` gets a directory named after the time it
/// started (UTC, from the project's wall clock) and its process.
@Suite struct StateDirectoryTests {
    @Test func theDefaultDirectoryIsNamedByTheWallClockInUTC() {
        #expect(StateDirectory.defaultPath(incident: "expired-return-policy", wallMillis: 1_771_063_302_500, pid: 4242)
                == ".vigil-state/expired-return-policy/20260214-100142-4242")
    }
}
