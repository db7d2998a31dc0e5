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

    /// A series' colour and dash. Series without one are drawn with `Pen.default(index)`:
    /// the eight colours in turn, then the same colours dashed, so no two of the first 32
    /// series look alike. A figure whose series come in families (one unit type per dash, one
    /// size per colour) gives its pens explicitly.
    public struct Pen: Sendable, Equatable {
        /// Index into `Pen.palette` (taken modulo its size).
        public var color: Int
        /// 0 solid, 1 dashed, 2 dotted, 3 dash-dotted (modulo 4).
        public var dash: Int
        public init(color: Int, dash: Int = 0) {
            self.color = color
            self.dash = dash
        }

        /// Okabe–Ito's colour-blind-safe colours, yellow replaced by grey (it vanishes on white).
        public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"]

        public static func `default`(_ index: Int) -> Pen {
            Pen(color: index % palette.count, dash: index / palette.count)
        }
    }

    public struct Series: Sendable, Equatable {
        public var label: String
        public var x: [Double]
        public var y: [Double]
        public var style: Style
        /// nil: `Pen.default` of the series' index in the figure.
        public var pen: Pen?

        public init(_ label: String, x: [Double], y: [Double], style: Style = .lines, pen: Pen? = nil) {
            precondition(x.count == y.count, "series '\(label)' has \(x.count) x values and \(y.count) y values")
            self.label = label
            self.x = x
            self.y = y
            self.style = style
            self.pen = pen
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
