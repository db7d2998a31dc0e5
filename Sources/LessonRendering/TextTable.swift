import Foundation

/// A table as aligned text columns: numbers right-aligned, words left-aligned.
public enum TextTable {
    public static func lines(header: [String], rows: [[String]]) -> [String] {
        let columns = max(header.count, rows.map(\.count).max() ?? 0)
        func cell(_ row: [String], _ i: Int) -> String { i < row.count ? row[i] : "" }
        let widths = (0..<columns).map { i in ([header] + rows).map { cell($0, i).count }.max() ?? 0 }
        let numeric = (0..<columns).map { i in
            let values = rows.map { cell($0, i) }.filter { !$0.isEmpty && !placeholders.contains($0) }
            return !values.isEmpty && values.allSatisfy(isNumber)
        }
        func format(_ row: [String]) -> String {
            (0..<columns).map { i in
                let text = cell(row, i), pad = String(repeating: " ", count: widths[i] - text.count)
                return numeric[i] ? pad + text : text + pad
            }.joined(separator: "  ").replacing(/\s+$/, with: "")
        }
        return [format(header)] + rows.map(format)
    }

    /// Entries that stand for a missing number and leave a column numeric.
    static let placeholders: Set<String> = ["–", "—", "-", "n/a"]

    /// Whether a table entry reads as a number (with an optional unit or percent sign).
    static func isNumber(_ text: String) -> Bool {
        let core = text.split(separator: " ").first.map(String.init) ?? text
        let normalized = core.replacingOccurrences(of: "−", with: "-").replacingOccurrences(of: "×", with: "")
        return Double(normalized) != nil
    }
}
