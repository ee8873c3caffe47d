/// The dates of libcurl's certificate info, in the two forms its TLS backends print:
/// OpenSSL's `ASN1_TIME_print` (`Jan  2 15:04:05 2027 GMT`) and libcurl's own
/// x509 reader (`2027-01-02 15:04:05 GMT`). Always UTC.
enum CertificateDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func unixSeconds(_ text: String) -> Double? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if parts.count >= 4, let month = months.firstIndex(of: parts[0]).map({ $0 + 1 }),
           let day = Int(parts[1]), let time = clock(parts[2]), let year = Int(parts[3]) {
            return seconds(year: year, month: month, day: day, time: time)
        }
        if parts.count >= 2 {
            let date = parts[0].split(separator: "-").compactMap { Int($0) }
            if date.count == 3, let time = clock(parts[1]) {
                return seconds(year: date[0], month: date[1], day: date[2], time: time)
            }
        }
        return nil
    }

    /// `HH:MM:SS` as seconds into the day.
    private static func clock(_ text: String) -> Int? {
        let fields = text.split(separator: ":").compactMap { Int($0) }
        guard fields.count == 3, (0..<24).contains(fields[0]), (0..<60).contains(fields[1]),
              (0...60).contains(fields[2]) else { return nil }
        return fields[0] * 3600 + fields[1] * 60 + fields[2]
    }

    private static func seconds(year: Int, month: Int, day: Int, time: Int) -> Double? {
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        return Double(daysFromCivil(year: year, month: month, day: day) * 86_400 + time)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
