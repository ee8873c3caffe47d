/// Prometheus's classic name rules for metrics and labels.
public enum Names {
    public static func isValidMetricName(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first else { return false }
        guard isLetter(f) || f == "_" || f == ":" else { return false }
        return s.unicodeScalars.allSatisfy { isLetter($0) || isDigit($0) || $0 == "_" || $0 == ":" }
    }

    public static func isValidLabelName(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first else { return false }
        guard isLetter(f) || f == "_" else { return false }
        return s.unicodeScalars.allSatisfy { isLetter($0) || isDigit($0) || $0 == "_" }
    }

    static func isLetter(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }
    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
}
