import VigilSystem

/// Where notices go: the model's status line and, headless, an echo
/// (standard error).
final class Notices: @unchecked Sendable {
    private let models: ModelPublisher
    private let lock = Lock()
    private var sink: Session.Sink?

    init(models: ModelPublisher) { self.models = models }

    func echo(to sink: @escaping Session.Sink) { lock.withLock { self.sink = sink } }

    func post(_ message: String) {
        models.update {
            $0.status.notice = message
            $0.status.noticeSerial &+= 1
        }
        lock.withLock { sink }?(message)
    }
}
