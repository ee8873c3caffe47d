import NIOCore

/// A Swift `TaskExecutor` whose jobs run on NIO event loop threads: on `loop` if given,
/// otherwise on the event loop of the thread that enqueues the job (`EventLoopGroup.any()`;
/// the group's next loop when another thread enqueues it). A request handler run with this
/// preference starts and resumes on the loop that reads and writes its connection, instead
/// of hopping event loop → global executor → event loop. Only for handlers that never block
/// a thread.
public final class EventLoopTaskExecutor: TaskExecutor {
    private let loop: (any EventLoop)?
    private let group: any EventLoopGroup

    public init(group: any EventLoopGroup, loop: (any EventLoop)? = nil) {
        self.group = group
        self.loop = loop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        (loop ?? group.any()).execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
