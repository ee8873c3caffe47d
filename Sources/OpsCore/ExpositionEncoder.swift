/// Writes metric families as Prometheus text 0.0.4 or OpenMetrics 1.0.
///
/// Written here rather than taken from swift-prometheus, whose text encoder does not escape
/// label values and stops the process when two registrations of one name disagree on type.
/// This encoder:
/// - merges families of the same name into one contiguous block (first help and type win;
///   samples of a later family with a different type are dropped, never a crash),
/// - orders families by name and samples by label values, so output is stable between scrapes,
/// - escapes label values (`\\`, `\"`, `\n`) and HELP text, passing any other UTF-8 through,
/// - writes NaN, +Inf and -Inf as the formats spell them,
/// - drops exact duplicate label sets (the first sample wins), which both formats forbid.
public enum ExpositionEncoder {
    public static func encode(_ families: [MetricFamily], format: ExpositionFormat) -> String {
        var output = ""
        output.reserveCapacity(families.reduce(0) { $0 + 64 + $1.samples.count * 80 })
        for family in merge(families) {
            write(family, format: format, to: &output)
        }
        if format == .openMetrics { output += "# EOF\n" }
        return output
    }

    /// Families grouped by name, sorted by name, samples sorted and de-duplicated.
    static func merge(_ families: [MetricFamily]) -> [MetricFamily] {
        var byName: [String: MetricFamily] = [:]
        for family in families {
            let key = family.baseName
            if var existing = byName[key] {
                if existing.type == family.type { existing.samples += family.samples }
                byName[key] = existing
            } else {
                byName[key] = family
            }
        }
        return byName.keys.sorted().compactMap { key in
            guard var family = byName[key] else { return nil }
            var seen: Set<[Label]> = []
            family.samples = family.samples
                .filter { seen.insert($0.labels).inserted }
                .sorted { lhs, rhs in lhs.labels.lexicographicallyPrecedes(rhs.labels) { ($0.name, $0.value) < ($1.name, $1.value) } }
            return family
        }
    }

    static func write(_ family: MetricFamily, format: ExpositionFormat, to output: inout String) {
        let base = family.baseName
        let sampleName = family.type == .counter ? base + "_total" : base
        let headerName: String
        let typeName: String
        switch format {
        case .prometheusText:
            headerName = sampleName
            typeName = family.type.rawValue
        case .openMetrics:
            headerName = base
            typeName = family.type == .untyped ? "unknown" : family.type.rawValue
        }
        output += "# HELP \(headerName) \(escapeHelp(family.help, format: format))\n"
        output += "# TYPE \(headerName) \(typeName)\n"
        for sample in family.samples {
            output += sampleName
            if !sample.labels.isEmpty {
                output += "{"
                for (index, label) in sample.labels.enumerated() {
                    if index > 0 { output += "," }
                    output += label.name
                    output += "=\""
                    output += escapeLabelValue(label.value)
                    output += "\""
                }
                output += "}"
            }
            output += " "
            output += formatValue(sample.value)
            output += "\n"
        }
    }

    /// Label values: backslash, double quote and line feed are escaped (both formats).
    public static func escapeLabelValue(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) else {
            return value
        }
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count + 8)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// HELP text: 0.0.4 escapes backslash and line feed; OpenMetrics also escapes double quotes.
    public static func escapeHelp(_ help: String, format: ExpositionFormat) -> String {
        // Most help texts need no escape: one byte scan instead of a copy scalar by scalar
        // (perf on /probe: this function 2.2% -> 0.5% of the prober's CPU; bench/prober/README.md, 2026-12-01).
        guard help.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\n")
                                          || ($0 == UInt8(ascii: "\"") && format == .openMetrics) }) else {
            return help
        }
        var escaped = ""
        escaped.reserveCapacity(help.utf8.count)
        for scalar in help.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\"" where format == .openMetrics: escaped += "\\\""
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// `NaN`, `+Inf`, `-Inf`; whole numbers without a fraction; others in shortest round-trip form.
    public static func formatValue(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return String(value)
    }
}
