import Foundation

/// Well-formedness as a strict parser judges it: Python's expat (the standard library's
/// `xml.parsers.expat`; scripts/install-deps.sh installs python3). FoundationXML's XMLDocument
/// is no judge here: it recovers from a control character by cutting the text short, where CI
/// systems reject the file.
enum StrictXML {
    /// nil when `xml` is well-formed, else expat's message (with line and column).
    static func error(in xml: String) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys, xml.parsers.expat as e\ntry: e.ParserCreate().Parse(sys.stdin.buffer.read(), True)\nexcept e.ExpatError as x: print(x); sys.exit(1)"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(xml.utf8))
        try input.fileHandleForWriting.close()
        let message = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? nil : message.isEmpty ? "python3 exited \(process.terminationStatus)" : message
    }
}
