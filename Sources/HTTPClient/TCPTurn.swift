/// What a TCP conversation (`TCPRequest.dialogue`) does next, decided from everything
/// received so far.
public struct TCPTurn: Sendable, Equatable {
    /// Every chunk that should have been written by now, in order. The exchange writes the
    /// chunks it has not written yet, so a later turn repeats an earlier turn's chunks and
    /// adds to them; it never changes them.
    public var sends: [[UInt8]]
    /// The exchange is over once the chunks are written: nothing more is read.
    public var done: Bool

    public init(sends: [[UInt8]] = [], done: Bool) {
        self.sends = sends
        self.done = done
    }
}
