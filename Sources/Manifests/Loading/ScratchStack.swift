/// A stack in one growable buffer whose top elements can be moved out into an exactly sized array:
/// the composer's scratch space for the entries, items and keys of the collections being composed.
///
/// An `Array` used as such a stack cost more than the composing around it: its tail could only be
/// removed by destroying elements (the moved-out slots had to be refilled with placeholders, which
/// `removeLast(_:)` then destroyed one by one through a generic path, ~300 instructions a call),
/// and `Array(unsafeUninitializedCapacity:)` looks the array's storage type up in the runtime's
/// generic metadata cache every time (~700 instructions a call, bench/manifests/README.md, branch
/// manifests5). Here moving out leaves nothing to destroy, and the array is made by a specialized
/// `reserveCapacity` and appends that consume the moved elements (no retain, no release).
final class ScratchStack<Element> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        base = UnsafeMutablePointer<Element>.allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func append(_ element: consuming Element) {
        if count == capacity {
            let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        (base + count).initialize(to: element)
        count += 1
    }

    /// The element at `index` (below `count`), read in place.
    subscript(index: Int) -> Element {
        _read {
            precondition(index >= 0 && index < count, "scratch stack index out of range")
            yield base[index]
        }
    }

    /// The elements from `start` on, moved into an array of exactly their number; the stack ends at `start`.
    func popArray(from start: Int) -> [Element] {
        let moved = count - start
        guard moved > 0 else { return [] }
        var array: [Element] = []
        array.reserveCapacity(moved)
        for index in start..<count { array.append((base + index).move()) }
        count = start
        return array
    }

    /// Drops (destroys) the elements from `start` on, one by one: `deinitialize(count:)` destroys
    /// through the runtime's generic array destructor (~280 instructions a call).
    func removeAll(from start: Int) {
        while count > start {
            count -= 1
            _ = (base + count).move()
        }
    }
}
