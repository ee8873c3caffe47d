/// A schema node's property names -> child node indices, for the validator's lookup of every
/// mapping key: open addressing on an FNV-1a hash of the name's UTF-8 bytes. `[String: Int]`
/// hashed each key with a freshly seeded SipHash, ~4% of a manifest run's instructions
/// (bench/manifests/README.md, branch manifests5); the table is immutable once built.
struct PropertyLookup: Sendable {
    /// Power-of-two table of positions in `names`/`targets`; -1 marks an empty slot.
    private let slots: [Int32]
    private let names: [String]
    private let targets: [Int]

    init(_ properties: [String: Int]) {
        var capacity = 4
        while capacity < 2 * properties.count { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: properties.count == 0 ? 0 : capacity)
        var names: [String] = []
        var targets: [Int] = []
        names.reserveCapacity(properties.count)
        targets.reserveCapacity(properties.count)
        for (name, target) in properties.sorted(by: { $0.key < $1.key }) {
            var slot = Self.hash(name) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(names.count)
            names.append(name)
            targets.append(target)
        }
        self.slots = slots
        self.names = names
        self.targets = targets
    }

    /// The node index of property `name`, or nil.
    func target(of name: String) -> Int? {
        let mask = slots.count - 1
        guard mask > 0 else { return nil }
        var slot = Self.hash(name) & mask
        while true {
            let position = Int(slots[slot])
            if position < 0 { return nil }
            if names[position] == name { return targets[position] }
            slot = (slot + 1) & mask
        }
    }

    private static func hash(_ name: String) -> Int {
        // Over the bytes in place (the UTF-8 view's iterator took ~300 instructions a key).
        if let hash = name.utf8.withContiguousStorageIfAvailable(hash(bytes:)) { return hash }
        return Array(name.utf8).withUnsafeBufferPointer(hash(bytes:))
    }

    private static func hash(bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 32))
    }
}
