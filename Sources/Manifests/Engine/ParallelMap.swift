import Foundation

/// Maps work items on a few threads of our own (one per core by default), with a big stack each:
/// YAML composition and schema validation recurse as deep as the nesting limit allows, which
/// the 512 KiB stacks of pooled threads cannot be trusted with.
enum ParallelMap {
    static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    static func map<Item: Sendable, Output: Sendable>(
        _ items: [Item], workers: Int = defaultWorkers, stackSize: Int = 16 << 20,
        _ transform: @escaping @Sendable (Item) -> Output
    ) -> [Output] {
        guard !items.isEmpty else { return [] }
        let state = SharedState<Output>(count: items.count)
        let workerCount = min(max(1, workers), items.count)
        let done = DispatchGroup()
        for _ in 0..<workerCount {
            done.enter()
            let thread = Thread {
                var local: [(Int, Output)] = []
                while let index = state.nextIndex() {
                    local.append((index, transform(items[index])))
                }
                state.store(local)
                done.leave()
            }
            thread.stackSize = stackSize
            thread.start()
        }
        done.wait()
        return state.results()
    }

    /// The next index to work on and the collected results, behind one lock.
    private final class SharedState<Output: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private let count: Int
        private var next = 0
        private var slots: [Output?]

        init(count: Int) {
            self.count = count
            slots = Array(repeating: nil, count: count)
        }

        func nextIndex() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < count else { return nil }
            next += 1
            return next - 1
        }

        func store(_ outputs: [(Int, Output)]) {
            lock.lock()
            defer { lock.unlock() }
            for (index, output) in outputs { slots[index] = output }
        }

        func results() -> [Output] {
            lock.lock()
            defer { lock.unlock() }
            return slots.compactMap { $0 }
        }
    }
}
