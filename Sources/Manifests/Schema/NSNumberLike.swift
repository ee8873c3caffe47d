import Foundation

/// Numbers from `JSONSerialization` (NSNumber on every platform) as text or Double.
protocol NSNumberLike {
    var textValue: String { get }
    var doubleValue: Double { get }
}

extension NSNumber: NSNumberLike {
    var textValue: String { stringValue }
}
