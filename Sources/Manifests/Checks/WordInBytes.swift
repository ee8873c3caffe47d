/// Searches for a word in a value's bytes, for the checks that scan every env value and name for
/// secret-shaped text (`env-secret-literal`, `secret-value`). Compared byte by byte: comparing
/// slices with `elementsEqual` cost ~10 times as much (~2,000 instructions a variable name),
/// and these run at every word start of every value (bench/manifests/README.md, branch manifests5).
extension Array where Element == UInt8 {
    /// True when `word` is written here starting at `start`.
    func hasBytes(_ word: [UInt8], at start: Int) -> Bool {
        guard start >= 0, start + word.count <= count else { return false }
        for offset in word.indices where self[start + offset] != word[offset] { return false }
        return true
    }

    /// True when `word` is written anywhere here.
    func containsBytes(_ word: [UInt8]) -> Bool {
        guard count >= word.count else { return false }
        return (0...(count - word.count)).contains { hasBytes(word, at: $0) }
    }
}
