import Foundation

/// Drops the last references to a run's documents on a thread of its own, so that the caller
/// formats and prints the result while the YAML trees are freed: for 10,000 documents freeing
/// them took as long as writing the JSON report, on the one thread left at the end of a run.
enum BackgroundRelease {
    static func release<Value>(_ value: consuming Value) {
        let box = Box(value)
        let thread = Thread { box.empty() }
        // Freeing a tree recurses as deep as the tree: the same big stack the workers that built it had.
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// Holds the value until the background thread empties it (only that thread touches it after `init`).
    private final class Box: @unchecked Sendable {
        private var value: Any?

        init<Value>(_ value: consuming Value) {
            self.value = value
        }

        func empty() {
            value = nil
        }
    }
}
