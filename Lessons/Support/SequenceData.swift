import Foundation
import RecurrentLearning

/// An input sequence x₁…x_T and its target y₁…y_T, as the homework model uses them.
public struct SequenceData: Sendable, Equatable {
    public var x: [Double]
    public var y: [Double]

    public init(x: [Double], y: [Double]) {
        precondition(x.count == y.count, "x has \(x.count) values, y has \(y.count)")
        self.x = x
        self.y = y
    }

    /// The course's sequence: x ~ N(0, 0.1²), y = exp(linspace(1, 0, T)) + N(0, 0.1²),
    /// drawn in that order (all x first, then the y noise).
    public static func course(length T: Int, using rng: inout SeededGenerator) -> SequenceData {
        let (x, y) = HomeworkModel.courseSequence(length: T, using: &rng)
        return SequenceData(x: x, y: y)
    }
}

/// Why a CSV file could not be read; every case names the line to fix.
public enum SequenceCSVError: Error, Equatable, CustomStringConvertible {
    case empty
    case header(line: Int, found: String)
    case columnCount(line: Int, expected: Int, found: Int)
    case notANumber(line: Int, column: String, text: String)
    case notFinite(line: Int, column: String, text: String)
    case noRows

    public var description: String {
        switch self {
        case .empty:
            "the file is empty; it needs a header line 'x,y' and one 'x,y' pair per line"
        case let .header(line, found):
            "line \(line): expected the header 'x,y', found '\(found)'"
        case let .columnCount(line, expected, found):
            "line \(line): expected \(expected) comma-separated values, found \(found)"
        case let .notANumber(line, column, text):
            "line \(line): \(column) value '\(text)' is not a number"
        case let .notFinite(line, column, text):
            "line \(line): \(column) value '\(text)' is not finite; give an ordinary number"
        case .noRows:
            "the file has a header but no data lines; add one 'x,y' pair per line"
        }
    }
}

extension SequenceData {
    /// Parses CSV text with the header `x,y` and one pair per line. Blank
    /// lines and surrounding spaces are ignored; anything else wrong is an
    /// error naming its line (1-based, the header is line 1).
    public static func parseCSV(_ text: String) throws(SequenceCSVError) -> SequenceData {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard let headerIndex = lines.firstIndex(where: { !$0.isEmpty }) else { throw .empty }
        let header = lines[headerIndex].split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard header == ["x", "y"] else { throw .header(line: headerIndex + 1, found: lines[headerIndex]) }
        var x: [Double] = [], y: [Double] = []
        for index in (headerIndex + 1)..<lines.count where !lines[index].isEmpty {
            let fields = lines[index].split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2 else { throw .columnCount(line: index + 1, expected: 2, found: fields.count) }
            var values: [Double] = []
            for (column, field) in zip(["x", "y"], fields) {
                guard let v = Double(field) else { throw .notANumber(line: index + 1, column: column, text: field) }
                guard v.isFinite else { throw .notFinite(line: index + 1, column: column, text: field) }
                values.append(v)
            }
            x.append(values[0])
            y.append(values[1])
        }
        guard !x.isEmpty else { throw .noRows }
        return SequenceData(x: x, y: y)
    }
}
