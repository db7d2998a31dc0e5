/// What a figure is drawn as: the gnuplot terminal behind each format.
public enum ImageFormat: Sendable, Equatable {
    /// A PNG of `width` × `height` pixels (`pngcairo`).
    case png(width: Int, height: Int)
    /// Text art of `columns` × `rows` characters (`dumb`), for any terminal.
    case text(columns: Int, rows: Int)
    /// A sixel image of `width` × `height` pixels (`sixelgd`), for terminals that show sixels.
    case sixel(width: Int, height: Int)

    /// The lessons' figures: 900 × 500 pixels.
    public static let png = ImageFormat.png(width: 900, height: 500)

    /// The `set terminal` arguments.
    var terminal: String {
        switch self {
        case let .png(width, height): "pngcairo noenhanced size \(width),\(height)"
        case let .text(columns, rows): "dumb noenhanced size \(columns),\(rows)"
        case let .sixel(width, height): "sixelgd noenhanced truecolor size \(width),\(height)"
        }
    }

    var fileExtension: String {
        switch self {
        case .png: "png"
        case .text: "txt"
        case .sixel: "six"
        }
    }
}
