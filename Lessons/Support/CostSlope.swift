import RecurrentLearning

/// A cost fitted against a size on log–log axes (`PowerLawFit`), beside the exponent the
/// lecture claims, if it claims one: a row of the complexity lab's table.
public struct CostSlope: Sendable {
    public var method: String
    /// The size and the cost, e.g. "n: time a step".
    public var against: String
    /// The points fitted.
    public var sizes: [Int], values: [Double]
    public var fit: PowerLawFit
    public var claim: Double?
    /// Where the claimed exponent comes from.
    public var reading: String

    public init(_ method: String, _ against: String, _ sizes: [Int], _ values: [Double], claim: Double?, _ reading: String) {
        self.method = method
        self.against = against
        self.sizes = sizes
        self.values = values
        fit = PowerLawFit(x: sizes.map(Double.init), y: values)
        self.claim = claim
        self.reading = reading
    }

    public var exponent: Double { fit.exponent }

    /// The points fitted and the fitted line, in one colour (the line dashed, unlabelled).
    public func series(_ label: String, pen: Int) -> [Figure.Series] {
        let x = sizes.map(Double.init)
        return [.init("\(label) (slope \(exponent.fixed(2)))", x: x, y: values, style: .points, pen: .init(color: pen)),
                .init("", x: x, y: x.map(fit.value), pen: .init(color: pen, dash: 1))]
    }
}

extension Cost {
    /// The peak memory in MB, to three digits.
    public var megabytes: String { (peakBytes / 1e6).formatted(sig: 3) }
    /// The median time over `count` steps, in µs a step, to three digits.
    public func microseconds(per count: Int) -> String { (seconds / Double(count) * 1e6).formatted(sig: 3) }
    /// The median time in ms, to three digits.
    public var milliseconds: String { (seconds * 1e3).formatted(sig: 3) }
}
