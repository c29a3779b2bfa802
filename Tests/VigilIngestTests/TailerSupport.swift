import Foundation
@testable import VigilIngest
import VigilCore
import VigilSystem

/// Collects what a tailer delivers, thread-safely.
final class Collector: @unchecked Sendable {
    private let lock = Lock()
    private var _records: [Record] = []
    private var _health: SourceHealth?
    private var _batches = 0
    /// When set, each delivery sleeps this long (a slow consumer).
    let delay: Double

    init(delay: Double = 0) { self.delay = delay }

    var records: [Record] { lock.lock(); defer { lock.unlock() }; return _records }
    var health: SourceHealth? { lock.lock(); defer { lock.unlock() }; return _health }
    var batches: Int { lock.lock(); defer { lock.unlock() }; return _batches }

    var metrics: [String] {
        records.compactMap { if case .sample(let s) = $0 { return s.metric } else { return nil } }
    }

    func deliver(_ batch: RecordBatch, _ health: SourceHealth) {
        let records = Array(batch)
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        lock.lock()
        _records += records
        _health = health
        _batches += 1
        lock.unlock()
    }

    func tailer(_ path: String, _ options: FileTailer.Options) -> FileTailer {
        FileTailer(path: path, options: options) { [self] r, h in deliver(r, h) }
    }
}

/// Tailer options for tests: inotify on or off, quick polling, and with
/// inotify a slow safety re-check (so events must do the work).
func tailerOptions(_ inotify: Bool, fromStart: Bool = false) -> FileTailer.Options {
    var o = FileTailer.Options(fromStart: fromStart)
    o.useInotify = inotify
    o.pollInterval = 0.02
    o.safetyInterval = inotify ? 5 : 0.02
    return o
}

/// Runs `body` with a started tailer on `path` and what it delivers;
/// stops the tailer when `body` returns or throws.
func withTailer(_ path: String, _ options: FileTailer.Options,
                _ body: (Collector, FileTailer) throws -> Void) rethrows {
    let c = Collector()
    let t = c.tailer(path, options)
    t.start()
    defer { t.stop() }
    try body(c, t)
}

/// Polls `condition` until it holds or `timeout` seconds pass.
@discardableResult
func eventually(timeout: Double = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return condition()
}

func line(_ metric: String, _ ts: Int = 1) -> String {
    #"{"ts":\#(ts),"metric":"\#(metric)","value":1}"# + "\n"
}
