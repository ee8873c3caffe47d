import Foundation

/// Drops the last references to a run's documents on a thread of its own, so that the caller
/// formats and prints the result while the YAML trees are freed: for 10,000 documents freeing
/// them took as long as writing the JSON report, on the one thread left at the end of a run.
///
/// A one-shot command that exits right after printing need not free them at all
/// (`ValidationOptions.keepDocumentsUntilExit`, as compilers skip freeing their trees before exit):
/// the kernel takes the whole heap back at once, and the run skips walking every node of every tree
/// once more (bench/manifests/README.md, branch manifests3).
enum BackgroundRelease {
    static func release<Value>(_ value: consuming Value, keepUntilExit: Bool = false) {
        guard !keepUntilExit else {
            _ = Unmanaged.passRetained(Box(value)) // never released: the process is about to exit
            return
        }
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
