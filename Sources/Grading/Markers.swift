import Foundation

/// The instructor's markers in source files, and the two rewrites the release makes.
///
/// A reference solution is the whole body of an exercise function, between a line
/// `// BEGIN SOLUTION` and a line `// END SOLUTION`; the student copy gets
/// `throw NotImplemented("<function>")` in its place, which fails only the tests that call
/// it. Hidden tests sit between `// BEGIN HIDDEN TESTS` and `// END HIDDEN TESTS`; the
/// student copy has neither the lines nor anything between them.
public enum Markers {
    public static let beginSolution = "// BEGIN SOLUTION"
    public static let endSolution = "// END SOLUTION"
    public static let beginHidden = "// BEGIN HIDDEN TESTS"
    public static let endHidden = "// END HIDDEN TESTS"

    /// A region between a begin and an end marker: 0-based line indices of both markers.
    struct Region {
        let begin: Int
        let end: Int
    }

    /// Whether `source` holds at least one solution region.
    public static func hasSolution(_ source: String) -> Bool {
        lines(source).contains { $0.trimmingCharacters(in: .whitespaces) == beginSolution }
    }

    /// `source` with every solution replaced by a stub that throws `NotImplemented`,
    /// named after the function that encloses the region. With `keepingMarkers` the stub
    /// stays between the markers (the grader's copy, which must still know which files
    /// are the students').
    public static func stubbingSolutions(
        in source: String, file: String, keepingMarkers: Bool = false
    ) throws(GradingError) -> String {
        var lines = lines(source)
        for region in try regions(in: lines, begin: beginSolution, end: endSolution, file: file).reversed() {
            guard let function = enclosingFunction(of: region.begin, in: lines) else {
                throw .invalidPackage("\(file):\(region.begin + 1): a solution region must be the body of a func")
            }
            let indent = String(lines[region.begin].prefix { $0 == " " || $0 == "\t" })
            let stub = [
                "\(indent)// Your code here: replace this line with your implementation.",
                "\(indent)throw NotImplemented(\"\(function)\")",
            ]
            lines.replaceSubrange(
                region.begin...region.end,
                with: keepingMarkers ? [lines[region.begin]] + stub + [lines[region.end]] : stub)
        }
        return lines.joined(separator: "\n")
    }

    /// `source` without its hidden tests.
    public static func removingHiddenTests(from source: String, file: String) throws(GradingError) -> String {
        var lines = lines(source)
        for region in try regions(in: lines, begin: beginHidden, end: endHidden, file: file).reversed() {
            lines.removeSubrange(region.begin...region.end)
        }
        return lines.joined(separator: "\n")
    }

    /// The names of the test functions declared inside hidden regions.
    public static func hiddenTestFunctions(in source: String, file: String) throws(GradingError) -> [String] {
        let lines = lines(source)
        return try regions(in: lines, begin: beginHidden, end: endHidden, file: file).flatMap { region in
            lines[region.begin...region.end].compactMap(testFunctionName)
        }
    }

    /// The name of the `@Test func` declared on `line`, if any.
    static func testFunctionName(_ line: String) -> String? {
        guard let match = line.range(of: #"@Test[^f]*func\s+[A-Za-z_][A-Za-z0-9_]*"#, options: .regularExpression)
        else { return nil }
        return line[match].split(whereSeparator: \.isWhitespace).last.map(String.init)
    }

    private static func lines(_ source: String) -> [String] {
        source.components(separatedBy: "\n")
    }

    /// Balanced, non-nested regions; an unmatched or nested marker is an error naming
    /// the line.
    private static func regions(in lines: [String], begin: String, end: String, file: String) throws(GradingError) -> [Region] {
        var regions: [Region] = []
        var open: Int?
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == begin {
                guard open == nil else { throw .invalidPackage("\(file):\(index + 1): \(begin) inside another region") }
                open = index
            } else if trimmed == end {
                guard let start = open else { throw .invalidPackage("\(file):\(index + 1): \(end) without \(begin)") }
                regions.append(Region(begin: start, end: index))
                open = nil
            }
        }
        if let start = open { throw .invalidPackage("\(file):\(start + 1): \(begin) is never closed") }
        return regions
    }

    /// The name of the last `func` declared before `line`.
    private static func enclosingFunction(of line: Int, in lines: [String]) -> String? {
        for index in stride(from: line - 1, through: 0, by: -1) {
            if let match = lines[index].range(of: #"\bfunc\s+[A-Za-z_][A-Za-z0-9_]*"#, options: .regularExpression) {
                return lines[index][match].split(whereSeparator: \.isWhitespace).last.map(String.init)
            }
        }
        return nil
    }
}
