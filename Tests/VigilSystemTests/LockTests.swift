import Dispatch
import Testing
import VigilSystem

@Suite struct LockTests {
    /// Increments from many threads at once lose nothing under the lock.
    @Test func guardsAValueAcrossThreads() {
        let counter = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<10_000 { counter.withLock { $0 += 1 } }
        }
        #expect(counter.withLock { $0 } == 80_000)
    }

    @Test func lockAndUnlockPairWithWithLock() {
        let lock = Lock()
        var seen = 0
        lock.lock()
        seen += 1
        lock.unlock()
        #expect(lock.withLock { seen + 1 } == 2)
    }
}
