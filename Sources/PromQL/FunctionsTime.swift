// time, timestamp, vector, scalar and the calendar functions (UTC).

enum TimeFunctions {
    static let time: FunctionImpl = { call in .scalar(Double(call.time) / 1000) }

    static let vector: FunctionImpl = { call in
        .vector([ESample(labels: Labels(), value: try call.scalar(0))])
    }

    static let scalar: FunctionImpl = { call in
        let vec = try call.vector(0).filter { $0.hbox == nil }   // histograms do not count
        return .scalar(vec.count == 1 ? vec[0].value : .nan)
    }

    /// The sample's own timestamp for a plain selector; the evaluation time otherwise.
    static let timestamp: FunctionImpl = { call in
        var e = call.args[0]
        while case .paren(let x, _) = e { e = x }
        if case .vectorSelector(let vs) = e {
            return .vector(call.evaluator.selectVector(vs, call.time).map {
                ESample(labels: $0.column.labels, value: Double($0.timestamp) / 1000, dropName: true)
            })
        }
        let t = Double(call.time) / 1000
        return .vector(try call.vector(0).map { ESample(labels: $0.labels, value: t, dropName: true) })
    }

    struct Civil { var year: Int64; var month: Int64; var day: Int64; var hour: Int64; var minute: Int64; var weekday: Int64; var yearDay: Int64 }

    /// UTC calendar fields of a Unix time in seconds (Howard Hinnant's days-from-civil inverse).
    static func civil(_ seconds: Double) -> Civil? {
        guard seconds.isFinite, abs(seconds) < 1e17 else { return nil }
        let s = Int64(seconds)
        var days = s / 86400
        var rem = s % 86400
        if rem < 0 { rem += 86400; days -= 1 }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        var y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        if m <= 2 { y += 1 }
        var wd = (days + 4) % 7
        if wd < 0 { wd += 7 }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let cum: [Int64] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        let yday = cum[Int(m - 1)] + d + (leap && m > 2 ? 1 : 0)
        return Civil(year: y, month: m, day: d, hour: rem / 3600, minute: (rem % 3600) / 60, weekday: wd, yearDay: yday)
    }

    static func daysIn(_ c: Civil) -> Int64 {
        let leap = (c.year % 4 == 0 && c.year % 100 != 0) || c.year % 400 == 0
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][Int(c.month - 1)]
    }

    static func calendar(_ f: @escaping @Sendable (Civil) -> Int64) -> FunctionImpl {
        { call in
            if call.args.isEmpty {
                let c = civil(Double(call.time) / 1000)
                return .vector([ESample(labels: Labels(), value: c.map { Double(f($0)) } ?? .nan)])
            }
            return .vector(mapValues(try call.vector(0)) { v in civil(v).map { Double(f($0)) } ?? .nan })
        }
    }

    static let minute = calendar { $0.minute }
    static let hour = calendar { $0.hour }
    static let dayOfWeek = calendar { $0.weekday }
    static let dayOfMonth = calendar { $0.day }
    static let dayOfYear = calendar { $0.yearDay }
    static let daysInMonth = calendar { daysIn($0) }
    static let month = calendar { $0.month }
    static let year = calendar { $0.year }
}
