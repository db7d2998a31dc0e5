/// A figure described as data: series, axes and labels. The library
/// describes figures; only the renderer (`Gnuplot`) knows how to draw them.
public struct Figure: Sendable, Equatable {
    public enum Style: String, Sendable {
        case lines, points, linesPoints
    }

    public struct Series: Sendable, Equatable {
        public var label: String
        public var x: [Double]
        public var y: [Double]
        public var style: Style

        public init(_ label: String, x: [Double], y: [Double], style: Style = .lines) {
            precondition(x.count == y.count, "series '\(label)' has \(x.count) x values and \(y.count) y values")
            self.label = label
            self.x = x
            self.y = y
            self.style = style
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Logarithmic y axis (for losses).
    public var logY: Bool

    public init(title: String, xLabel: String, yLabel: String, series: [Series], logY: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logY = logY
    }
}
