/// Per-minute values as a line of block characters (`▁▂▃▄▅▆▇█`), at most `width` columns:
/// a column holds the largest minute it covers, scaled to the largest value shown.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// `values` oldest first, one per minute (0 for a minute without calls).
    public static func columns(_ values: [Int], width: Int) -> [Int] {
        guard !values.isEmpty, width > 0 else { return [] }
        let per = (values.count + width - 1) / width
        return stride(from: 0, to: values.count, by: per).map { values[$0..<min($0 + per, values.count)].max() ?? 0 }
    }

    public static func render(_ columns: [Int]) -> String {
        let top = max(columns.max() ?? 0, 1)
        return String(columns.map { value in
            value <= 0 ? " " : blocks[min(blocks.count - 1, (value * blocks.count - 1) / top)]
        })
    }
}
