import Foundation

/// A table as aligned text columns: numbers right-aligned, words left-aligned, two
/// spaces between columns.
///
/// Given a width, the table fits it. Text wraps inside its cells, headers included,
/// taking a column at a time from the widest down, and never inside a word or a number.
/// When even the longest words side by side are wider than the width, the columns are
/// split into groups printed one under the other, each repeating the first column, so
/// every row can still be read across.
public enum TextTable {
    /// The header's lines and the body's lines of a table, apart so that a renderer can
    /// style the header (it may take more than one line once wrapped).
    public struct Layout: Equatable, Sendable {
        public var header: [String]
        public var body: [String]
        public var lines: [String] { header + body }
    }

    public static func lines(header: [String], rows: [[String]], width: Int? = nil) -> [String] {
        layouts(header: header, rows: rows, width: width).flatMap { [""] + $0.lines }.dropFirst().map { $0 }
    }

    /// The table as one layout, or as several column groups when it cannot fit otherwise.
    public static func layouts(header: [String], rows: [[String]], width: Int? = nil) -> [Layout] {
        let columns = max(header.count, rows.map(\.count).max() ?? 0)
        let table = [header] + rows
        func cell(_ row: [String], _ i: Int) -> String { i < row.count ? row[i] : "" }
        let natural = (0..<columns).map { i in table.map { cell($0, i).count }.max() ?? 0 }
        let numeric = (0..<columns).map { i in
            let values = rows.map { cell($0, i) }.filter { !$0.isEmpty && !placeholders.contains($0) }
            return !values.isEmpty && values.allSatisfy(isNumber)
        }
        // The narrowest a column can be: its longest word, or its longest number whole.
        let narrowest = (0..<columns).map { i in
            let words = (numeric[i] ? [header].map { cell($0, i) } : table.map { cell($0, i) })
                .flatMap { $0.split(separator: " ") }.map(\.count).max() ?? 0
            return max(words, numeric[i] ? rows.map { cell($0, i).count }.max() ?? 0 : 0)
        }
        func span(_ widths: [Int]) -> Int { widths.reduce(0, +) + gap * max(0, widths.count - 1) }
        guard let width, span(natural) > width else {
            return [layout(table, widths: natural, numeric: numeric)]
        }
        if columns > 1, span(narrowest) > width {
            // Column groups, each led by the first column, as many columns as fit at their narrowest.
            var groups: [[Int]] = [], group = [0]
            for i in 1..<columns {
                if group.count > 1, span((group + [i]).map { narrowest[$0] }) > width {
                    groups.append(group)
                    group = [0]
                }
                group.append(i)
            }
            groups.append(group)
            if groups.count > 1 { return groups.flatMap { group in
                layouts(header: group.map { cell(header, $0) }, rows: rows.map { row in group.map { cell(row, $0) } }, width: width)
            } }
        }
        // Narrow the widest column that can still give, one character at a time: first
        // the headers wider than their column's entries, then the entries' text.
        let entries = (0..<columns).map { i in max(narrowest[i], rows.map { cell($0, i).count }.max() ?? 0) }
        var widths = natural
        for floor in [entries, narrowest] {
            while span(widths) > width,
                  let i = widths.indices.filter({ widths[$0] > floor[$0] }).max(by: { widths[$0] < widths[$1] }) {
                widths[i] -= 1
            }
        }
        return [layout(table, widths: widths, numeric: numeric)]
    }

    static let gap = 2

    /// Rows of cells wrapped to `widths`; a blank line between body rows once any of them
    /// takes more than one line, so that each reads as one entry.
    static func layout(_ table: [[String]], widths: [Int], numeric: [Bool]) -> Layout {
        let rendered = table.map { row -> [String] in
            let cells = widths.indices.map { i in wrap(i < row.count ? row[i] : "", to: widths[i]) }
            let height = cells.map(\.count).max() ?? 1
            return (0..<height).map { line in
                widths.indices.map { i in
                    let text = line < cells[i].count ? cells[i][line] : ""
                    let pad = String(repeating: " ", count: max(0, widths[i] - text.count))
                    return numeric[i] ? pad + text : text + pad
                }.joined(separator: String(repeating: " ", count: gap)).replacing(/\s+$/, with: "")
            }
        }
        let body = rendered.dropFirst()
        let spaced = body.contains { $0.count > 1 }
        return Layout(header: rendered[0], body: body.enumerated().flatMap { k, lines in spaced && k > 0 ? [""] + lines : lines })
    }

    /// Words packed into lines of at most `width` characters (a longer word stands alone).
    static func wrap(_ text: String, to width: Int) -> [String] {
        guard text.count > width else { return [text] }
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return lines + [line]
    }

    /// Entries that stand for a missing number and leave a column numeric.
    static let placeholders: Set<String> = ["–", "—", "-", "n/a"]

    /// Whether a table entry reads as a number, with at most one unit after it (`12 ms`,
    /// `3 %`); `36 & 9.3e-07` is text.
    static func isNumber(_ text: String) -> Bool {
        let tokens = text.split(separator: " ")
        guard let core = tokens.first, tokens.count <= 2, !(tokens.dropFirst().first?.contains { $0.isNumber } ?? false) else {
            return false
        }
        let normalized = core.replacingOccurrences(of: "−", with: "-").replacingOccurrences(of: "×", with: "")
        return Double(normalized) != nil
    }
}
