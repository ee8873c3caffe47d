/// blackbox_exporter's tcp `query_response`, step by step over the lines of the answer.
///
/// The answer is read as lines (split at `\n`, a trailing `\r` dropped). Each step, in order:
/// an `expect` reads lines on from where the previous step stopped until one matches its
/// regex (lines before it are skipped, lines already read are never read again); then the
/// step's `send` is written with a newline, its `${1}`, `$1`, `${name}` replaced by the
/// groups of that step's match (`$$` is a `$`, as Go's `Regexp.Expand` has it). A step
/// that waits for a line not yet received waits for more; when the answer has ended (the
/// peer closed, or the read limit) with no matching line left, the probe fails on that step.
///
/// `replay` is a pure function of what was received, so the TCP exchange can call it after
/// every read and write only what it adds.
struct QueryResponse: Sendable {
    let steps: [TCPModuleConfig.Step]

    enum Outcome: Sendable, Equatable {
        /// Every step's expectation matched.
        case finished
        /// Step `step` (0-based) waits for a line that has not arrived.
        case waiting(step: Int)
        /// The answer ended before a line matched step `step`'s expectation.
        case unmatched(step: Int)
    }

    struct Progress: Sendable {
        /// What the steps so far send, each line with its newline.
        var sends: [[UInt8]]
        var outcome: Outcome
        /// What each step did, for the probe's log.
        var trace: [String]
    }

    var isEmpty: Bool { steps.isEmpty }
    var expects: Bool { steps.contains { $0.expect != nil } }

    /// Runs the steps over `received`. `ended`: nothing more will arrive, so a last line
    /// without its newline counts too.
    func replay(_ received: [UInt8], ended: Bool) -> Progress {
        let lines = Self.lines(received, ended: ended)
        var cursor = 0
        var progress = Progress(sends: [], outcome: .finished, trace: [])
        for (index, step) in steps.enumerated() {
            var send = step.send
            if let expect = step.expect {
                var groups: Pattern.Groups?
                while groups == nil, cursor < lines.count {
                    groups = expect.firstMatch(lines[cursor])
                    cursor += 1
                }
                guard let groups else {
                    progress.outcome = ended ? .unmatched(step: index) : .waiting(step: index)
                    progress.trace.append("step \(index + 1): no line matched '\(expect)'\(ended ? " before the answer ended" : " yet")")
                    return progress
                }
                progress.trace.append("step \(index + 1): '\(expect)' matched line \(cursor): \(Self.shown(lines[cursor - 1]))")
                send = send.map { Self.expand($0, groups) }
            }
            if let send {
                progress.sends.append(Array((send + "\n").utf8))
                progress.trace.append("step \(index + 1): sent \(Self.shown(send))")
            }
        }
        return progress
    }

    /// The answer's lines, as Go's `bufio.ScanLines` gives them.
    static func lines(_ bytes: [UInt8], ended: Bool) -> [String] {
        var parts = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // The part after the last newline is a line only once the answer has ended.
        if let last = parts.last, !ended || last.isEmpty { parts.removeLast() }
        return parts.map { part in
            let line = part.last == UInt8(ascii: "\r") ? part.dropLast() : part
            return String(decoding: line, as: UTF8.self)
        }
    }

    /// `template` with `$1`, `${1}`, `$name`, `${name}` replaced by the match's groups (an
    /// unknown or unset group is empty) and `$$` by `$`; a `$` that starts none of these
    /// stays as it is.
    static func expand(_ template: String, _ groups: Pattern.Groups) -> String {
        var result = ""
        var rest = Substring(template)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            rest = rest[rest.index(after: dollar)...]
            if rest.first == "$" {
                result += "$"
                rest = rest.dropFirst()
                continue
            }
            let name: Substring
            if rest.first == "{", let close = rest.firstIndex(of: "}") {
                name = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
            } else {
                let end = rest.firstIndex { !($0.isLetter || $0.isNumber || $0 == "_") || !$0.isASCII } ?? rest.endIndex
                name = rest[..<end]
                rest = rest[end...]
            }
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                result += "$" + (name.isEmpty ? "" : "{\(name)}")
                continue
            }
            if let number = Int(name) {
                result += number < groups.numbered.count ? (groups.numbered[number] ?? "") : ""
            } else {
                result += groups.named[String(name)] ?? ""
            }
        }
        return result + rest
    }

    /// A line as the log shows it: quoted, at most 120 characters.
    static func shown(_ line: String) -> String {
        line.count > 120 ? "'\(line.prefix(120))…'" : "'\(line)'"
    }
}
