/// A figure described as data: series, axes and labels. The library
/// describes figures; only the renderer (`Gnuplot`) knows how to draw them.
public struct Figure: Sendable, Equatable {
    public enum Style: String, Sendable {
        case lines, points, linesPoints
    }

    /// Where the key goes: in a corner inside the axes, or below them (for figures whose
    /// data fill every corner).
    public enum KeyPosition: String, Sendable {
        case topRight = "top right", topLeft = "top left", bottomRight = "bottom right", bottomLeft = "bottom left"
        case below = "below"
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
    /// Where the key (legend) goes.
    public var key: KeyPosition
    /// Logarithmic y axis (for losses).
    public var logY: Bool
    /// Logarithmic x axis (for sizes and ratios spanning decades).
    public var logX: Bool

    public init(title: String, xLabel: String, yLabel: String, series: [Series], logY: Bool = false, logX: Bool = false,
                key: KeyPosition = .topRight) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logY = logY
        self.logX = logX
        self.key = key
    }
}
