internal import CLibYAML

/// libyaml's event parser (the vendored `CLibYAML` copy) over a UTF-8 buffer, one event at a time.
///
/// The buffer is not copied: the caller keeps it alive for the parser's lifetime. Each event is
/// valid until the next call to `next()`; marks are 0-based in libyaml and 1-based here.
final class LibYAMLEventParser {
    /// libyaml's own error: what, where, and the construct it was in.
    struct Problem: Error, Sendable {
        var problem: String
        var at: Position
        var context: (text: String, at: Position)?
        /// For reader errors (bad bytes): the byte offset into the buffer.
        var byteOffset: Int?
    }

    // Heap-allocated: libyaml keeps a pointer to the parser inside itself (string input).
    private let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    private let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
    private var holdsEvent = false
    private let initialized: Bool

    /// `input` must not be empty (libyaml asserts a non-null buffer).
    init(input: UnsafeBufferPointer<UInt8>) {
        initialized = opsctl_yaml_parser_initialize(parser) != 0
        if initialized {
            opsctl_yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            opsctl_yaml_parser_set_input_string(parser, input.baseAddress, input.count)
        }
    }

    deinit {
        if holdsEvent { opsctl_yaml_event_delete(event) }
        if initialized { opsctl_yaml_parser_delete(parser) }
        event.deallocate()
        parser.deallocate()
    }

    /// The next event (valid until the next call), or libyaml's error.
    func next() throws(Problem) -> UnsafePointer<yaml_event_t> {
        if holdsEvent {
            opsctl_yaml_event_delete(event)
            holdsEvent = false
        }
        guard initialized else { throw Problem(problem: "libyaml ran out of memory", at: .start) }
        guard opsctl_yaml_parser_parse(parser, event) != 0 else { throw problem() }
        holdsEvent = true
        return UnsafePointer(event)
    }

    private func problem() -> Problem {
        let state = parser.pointee
        let text = state.problem.map { String(cString: $0) } ?? "unknown libyaml error"
        switch state.error {
        case YAML_MEMORY_ERROR:
            return Problem(problem: "libyaml ran out of memory", at: .start)
        case YAML_READER_ERROR:
            return Problem(problem: text, at: .start, byteOffset: state.problem_offset)
        default:
            let context = state.context.map { (text: String(cString: $0), at: Self.position(state.context_mark)) }
            return Problem(problem: text, at: Self.position(state.problem_mark), context: context)
        }
    }

    /// A 1-based position from a libyaml mark (columns in characters, as libyaml counts them).
    static func position(_ mark: yaml_mark_t) -> Position {
        Position(line: mark.line + 1, column: mark.column + 1)
    }
}
