import Foundation
import VigilCore
import VigilIngest
import VigilSystem
import VigilUI

/// The one stream of dashboard models: the session folds every change (a
/// snapshot, source health, a notice, the replay's state, a running action)
/// into the current model and hands each new model to the screen.
public final class ModelPublisher: @unchecked Sendable {
    private let lock = Lock()
    private var model: DashboardModel
    private var show: (@Sendable (DashboardModel) -> Void)?

    public init(status: StatusInfo) {
        model = DashboardModel(core: .empty, status: status)
    }

    public var current: DashboardModel { lock.withLock { model } }

    /// Where new models go (the terminal loop's `post`); it must not call
    /// back into the publisher.
    public func attach(_ show: @escaping @Sendable (DashboardModel) -> Void) { lock.withLock { self.show = show } }

    /// Changes the model and, when `posting`, shows it. `posting` is
    /// evaluated after `change`, so a change can decide whether it altered
    /// anything worth waking the terminal for. The one call out under the
    /// lock is `show`, on purpose: models are then shown in the order the
    /// changes were made, so an older model never replaces a newer one on
    /// screen (`show` is the terminal's `post`: quick, and it never calls back).
    public func update(posting: @autoclosure () -> Bool = true, _ change: (inout DashboardModel) -> Void) {
        lock.withLock {
            change(&model)
            if posting() { show?(model) }
        }
    }
}

extension SourceSummary {
    /// What the sources screen shows of one source's health.
    init(_ h: SourceHealth) {
        self.init(name: URL(fileURLWithPath: h.source).lastPathComponent, records: h.records,
                  malformed: h.malformed, lagBytes: Int(clamping: h.lagBytes))
        lines = h.lines
        nonFinite = h.nonFinite
        outOfOrder = h.outOfOrder
        duplicates = h.duplicates
        oversized = h.oversized
        lastError = h.lastError
        unreadable = h.unreadable
        if h.remote {
            // A server's name is its URL or the policy's `name`, not a path.
            name = h.source
            remote = true
            requests = h.requests
            failedRequests = h.failedRequests
            latencyMilliseconds = h.latencyMilliseconds
            lastSuccess = h.lastSuccess.map { EventTime(milliseconds: $0).clock }
            warnings = h.warnings
            lastWarning = h.lastWarning
        }
    }
}
