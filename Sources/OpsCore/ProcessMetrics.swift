import Foundation

/// The standard `process_*` metrics of the running process, read from /proc (Linux).
/// On a system without /proc the families are simply absent.
public enum ProcessMetrics {
    public static func collect() -> [MetricFamily] {
        var families: [MetricFamily] = []
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))

        if let stat = ProcFile.read("/proc/self/stat"),
           let closing = stat.lastIndex(of: ")") {
            // Fields after "(comm)" start at field 3 (state); utime is field 14.
            let fields = stat[stat.index(after: closing)...].split(separator: " ")
            func field(_ number: Int) -> Double? {
                let index = number - 3
                return index < fields.count ? Double(fields[index]) : nil
            }
            if let utime = field(14), let stime = field(15), ticksPerSecond > 0 {
                families.append(gauge("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
                                      (utime + stime) / ticksPerSecond, type: .counter))
            }
            if let vsize = field(23) {
                families.append(gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", vsize))
            }
            if let rss = field(24) {
                families.append(gauge("process_resident_memory_bytes", "Resident memory size in bytes.", rss * pageSize))
            }
            if let startTicks = field(22), let bootTime = bootTimeSeconds(), ticksPerSecond > 0 {
                families.append(gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                                      bootTime + startTicks / ticksPerSecond))
            }
        }
        if let entries = ProcFile.entryCount("/proc/self/fd") {
            families.append(gauge("process_open_fds", "Number of open file descriptors.", Double(entries)))
        }
        if let maxFds = maxOpenFiles() {
            families.append(gauge("process_max_fds", "Maximum number of open file descriptors.", maxFds))
        }
        return families
    }

    /// Resident set size in bytes, or nil where /proc is missing.
    public static func residentMemoryBytes() -> Double? {
        collect().first { $0.name == "process_resident_memory_bytes" }?.samples.first?.value
    }

    private static func gauge(_ name: String, _ help: String, _ value: Double, type: MetricType = .gauge) -> MetricFamily {
        MetricFamily(name: name, help: help, type: type, samples: [Sample(value: value)])
    }

    private static func bootTimeSeconds() -> Double? {
        guard let stat = ProcFile.read("/proc/stat") else { return nil }
        for line in stat.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingWhitespace())
        }
        return nil
    }

    private static func maxOpenFiles() -> Double? {
        guard let limits = ProcFile.read("/proc/self/limits") else { return nil }
        for line in limits.split(separator: "\n") where line.hasPrefix("Max open files") {
            let columns = line.dropFirst("Max open files".count).split(separator: " ")
            guard let soft = columns.first else { return nil }
            return soft == "unlimited" ? .infinity : Double(soft)
        }
        return nil
    }
}
