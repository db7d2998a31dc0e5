import Foundation

/// The text the renderer writes: the gnuplot script and the CSV beside the PNG.
///
/// A gnuplot script is a program, and a figure's strings come from users
/// (lesson titles, series labels, file names). gnuplot runs shell commands via
/// `system("…")` and via backquotes, which it substitutes inside
/// *double*-quoted strings, and it expands `@name` macros outside quotes. So
/// the script is built under three rules:
///
/// 1. User text lives only inside **single-quoted** literals, where gnuplot
///    substitutes nothing (no backquotes, no `\` escapes, no `@` macros).
///    A `'` of the text never goes inside a literal. The documented escape,
///    doubling it, is read by gnuplot 5.4's scanner only right after another
///    character (`'''a'` and `'a''''b'` are syntax errors); and a `"'"`
///    spliced in would flip the macro expander's count of quotes, so that
///    a later `@name` of the text would be expanded as code. The text is
///    instead cut at each `'` into quote-free literals joined by the variable
///    `apostrophe`, which the script defines first: `it's` becomes
///    `'it'.apostrophe.'s'`. Every quote on a line then opens or closes a
///    literal, and the scanner and the macro expander agree on what is text.
/// 2. Line breaks end a gnuplot command, so they never reach the script: CR,
///    LF and the other control characters inside user text become spaces.
/// 3. Data travels in datablocks (`$data0 << EOD` … `EOD`) whose lines are
///    made of numbers only, so no label can end a block early.
///
/// User text appears nowhere else: fixed keywords, `$dataN` names and numbers
/// make up the rest of the script.
extension Gnuplot {
    /// The gnuplot script that draws `figure` into the PNG file at `output`.
    ///
    /// The terminal is always set explicitly (by default `pngcairo`, 900 × 500 pixels)
    /// and `noenhanced`, so `_ ^ @ { }` in labels are printed, not typeset.
    /// A figure without a single drawable point still renders: it gets fixed
    /// axis ranges, because gnuplot refuses to autoscale over no data.
    public static func scriptText(for figure: Figure, output: String, format: ImageFormat = .png) -> String {
        var lines: [String] = [
            "# Written by RecurrentLearning.Gnuplot: user text appears only in single-quoted literals.",
            "set terminal \(format.terminal)",
            "set encoding utf8",
            "apostrophe = \"'\"",
            "set output \(quoted(output))",
            "set title \(quoted(figure.title))",
            "set xlabel \(quoted(figure.xLabel))",
            "set ylabel \(quoted(figure.yLabel))",
        ]
        if case .text = format {
            lines.append("set key below")                 // text art has no room for a key over the data
        } else {
            lines += ["set grid", "set key \(figure.key.rawValue)"]
        }
        // Log axes label their decades as %g (1e-06, 0.001, 1), never as 0.0000010.
        if figure.logY { lines += ["set logscale y", "set format y '%g'"] }
        if figure.logX { lines += ["set logscale x", "set format x '%g'"] }
        if !figure.series.contains(where: { hasDrawablePoint($0, logX: figure.logX, logY: figure.logY) }) {
            lines.append(figure.logX ? "set xrange [0.1:10]" : "set xrange [0:1]")
            lines.append(figure.logY ? "set yrange [0.1:10]" : "set yrange [0:1]")
        }

        for (index, series) in figure.series.enumerated() {
            lines.append("$data\(index) << EOD")
            for (x, y) in zip(series.x, series.y) {
                lines.append("\(number(x)) \(number(y))")
            }
            lines.append("EOD")
        }

        if figure.series.isEmpty {
            lines.append("plot NaN notitle")
        } else {
            let clauses = figure.series.enumerated().map { index, series in
                "$data\(index) using 1:2 with \(style(series.style)) \(pen(series.pen ?? .default(index))) title \(quoted(series.label))"
            }
            lines.append("plot " + clauses.joined(separator: ", \\\n     "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` as a gnuplot string expression: quote-free single-quoted
    /// literals joined by `.apostrophe.` where the text had a `'`, with
    /// control characters (CR, LF, tab, NUL, …) replaced by a space.
    static func quoted(_ text: String) -> String {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            cleaned.append(scalar.properties.generalCategory == .control ? " " : scalar)
        }
        return String(cleaned)
            .split(separator: "'", omittingEmptySubsequences: false)
            .map { "'\($0)'" }
            .joined(separator: ".apostrophe.")
    }

    /// Whether `path` holds a character that `quoted(_:)` would have to
    /// replace: such a path cannot be named faithfully in a script.
    static func containsControlCharacter(_ path: String) -> Bool {
        path.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// A datablock number: the shortest decimal that reads back as `value`
    /// (Swift's `description`, locale-independent), or `NaN`, which gnuplot
    /// treats as a missing point (a gap in a line).
    static func number(_ value: Double) -> String {
        value.isFinite ? value.description : "NaN"
    }

    /// Whether gnuplot will find at least one point of `series` to draw.
    static func hasDrawablePoint(_ series: Figure.Series, logX: Bool, logY: Bool) -> Bool {
        zip(series.x, series.y).contains { x, y in
            x.isFinite && y.isFinite && (!logX || x > 0) && (!logY || y > 0)
        }
    }

    /// gnuplot's dashtype 1 is solid, 2 dashed, 3 dotted, 4 dash-dotted.
    private static func pen(_ pen: Figure.Pen) -> String {
        let palette = Figure.Pen.palette
        let color = palette[((pen.color % palette.count) + palette.count) % palette.count]
        return "linecolor rgb '\(color)' dashtype \(((pen.dash % 4) + 4) % 4 + 1)"
    }

    private static func style(_ style: Figure.Style) -> String {
        switch style {
        case .lines: "lines linewidth 2"
        case .points: "points pointtype 7 pointsize 0.7"
        case .linesPoints: "linespoints linewidth 2 pointtype 7 pointsize 0.6"
        }
    }

    /// The plotted data as CSV, `series,x,y` with a header and one row per
    /// point (non-finite values as `nan`, `inf`, `-inf`), for readers who want
    /// the numbers rather than the picture.
    static func csvText(for figure: Figure) -> String {
        var text = "series,x,y\n"
        for series in figure.series {
            let label = csvField(series.label)
            for (x, y) in zip(series.x, series.y) {
                text += "\(label),\(x.description),\(y.description)\n"
            }
        }
        return text
    }

    /// A CSV field (RFC 4180): quoted, with `"` doubled, when it holds a
    /// comma, a quote or a line break.
    static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
