import Testing
@testable import VigilTerminal
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The handlers record signals as flags and wake the loop; uninstalling
/// puts the previous actions back. Only signals that are harmless to this
/// test process are raised, and SIGTERM only once catching is proven.
@Suite(.serialized) struct SignalRouterTests {
    @Test func handlersSetFlagsAndWakeTheLoopUntilUninstalled() throws {
        let pipe = WakePipe()
        SignalRouter.install(wakeFD: pipe.writeFD, restore: {})
        defer { SignalRouter.uninstall() }
        for flag in [SignalRouter.Flag.resize, .continued, .suspend, .terminate] { _ = SignalRouter.take(flag) }

        raise(SIGWINCH)
        try #require(SignalRouter.take(.resize) == 1, "SIGWINCH was not caught")
        #expect(SignalRouter.take(.resize) == 0, "taking a flag clears it")
        #expect(TerminalScreen.wait(for: [pipe.readFD], timeoutMillis: 0).first == true, "no wake-up byte")
        pipe.drain()

        raise(SIGCONT)
        #expect(SignalRouter.take(.continued) == 1)
        raise(SIGTERM)
        #expect(SignalRouter.take(.terminate) == SIGTERM)
        #expect(SignalRouter.take(.suspend) == 0)

        SignalRouter.uninstall()
        raise(SIGWINCH) // back to the default action: ignored
        #expect(SignalRouter.take(.resize) == 0)
    }
}
