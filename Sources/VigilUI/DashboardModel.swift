import VigilCore

/// Everything one frame shows: the core's frozen state plus the app's status.
/// The app builds one per change and posts it; screens only read it.
public struct DashboardModel: Sendable, Hashable {
    public var core: CoreSnapshot
    public var status: StatusInfo

    public init(core: CoreSnapshot = .empty, status: StatusInfo = StatusInfo()) {
        self.core = core; self.status = status
    }
}
