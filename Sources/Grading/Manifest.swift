import Foundation

/// The instructor's list of graded tests: points, numbering and visibility.
///
/// It lives at `Tests/HomeworkTests/manifest.json` in the instructor's package. The
/// grader always reads the instructor's copy, never a student's. A released student copy
/// carries a manifest with the public tests only and `"copy": "student"`.
public struct Manifest: Codable, Sendable, Equatable {
    public struct Assignment: Codable, Sendable, Equatable {
        public var number: Int
        public var title: String
        /// The lesson that teaches it (`lesson <id>`).
        public var lesson: String
        /// The folder holding its exercise files, relative to the package root.
        public var folder: String
    }

    public enum Visibility: String, Codable, Sendable {
        case `public`
        case hidden
    }

    public struct Test: Codable, Sendable, Equatable {
        /// `<Suite>/<function>()`, as Swift Testing names the test inside the module.
        public var id: String
        /// Gradescope's test number, "assignment.k".
        public var number: String
        public var name: String
        /// The homework function the test grades.
        public var exercise: String
        public var points: Double
        public var visibility: Visibility
        /// For hidden tests, the only feedback besides name and score.
        public var hint: String?

        /// The assignment number, the part of `number` before the dot.
        public var assignment: Int? { Int(number.split(separator: ".").first ?? "") }
    }

    /// The test module, e.g. `HomeworkTests`.
    public var module: String
    public var assignments: [Assignment]
    public var tests: [Test]
    /// `"student"` in a released copy; absent in the instructor's master.
    public var copy: String?

    /// Where the manifest lives inside a package.
    public static let relativePath = "Tests/HomeworkTests/manifest.json"

    public var isStudentCopy: Bool { copy == "student" }

    public var totalPoints: Double { tests.reduce(0) { $0 + $1.points } }

    /// The manifest of one assignment: its entry and its tests alone.
    public func restricted(to assignment: Int) throws(GradingError) -> Manifest {
        guard assignments.contains(where: { $0.number == assignment }) else {
            let numbers = assignments.map { String($0.number) }.joined(separator: ", ")
            throw .badInput("there is no assignment \(assignment); the assignments are \(numbers)")
        }
        var manifest = self
        manifest.assignments = assignments.filter { $0.number == assignment }
        manifest.tests = tests.filter { $0.assignment == assignment }
        return manifest
    }

    /// The suite of a test ID, `Suite` of `Suite/function()`: its file is `<Suite>.swift`.
    static func suite(of id: String) -> String { String(id.split(separator: "/").first ?? "") }

    /// The copy handed to students: public tests only.
    public var studentCopy: Manifest {
        var manifest = self
        manifest.tests = tests.filter { $0.visibility == .public }
        manifest.copy = "student"
        return manifest
    }

    /// The anchored Swift Testing filter selecting exactly `test`.
    ///
    /// Full IDs continue with a source location (`Module.Suite/name()/File.swift:3:4`), so
    /// the expression is anchored only at the start; the `\(\)` keeps `name` from also
    /// selecting `nameLonger`.
    public func filter(for test: Test) -> String {
        "^" + NSRegularExpression.escapedPattern(for: "\(module).\(test.id)")
    }

    /// The ID prefix that events of `test` carry.
    public func eventPrefix(for test: Test) -> String { "\(module).\(test.id)" }

    public static func load(packageRoot: URL) throws(GradingError) -> Manifest {
        let url = packageRoot.appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .invalidPackage("no homework manifest at \(url.path): run this inside the course package, or pass --package DIR")
        }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw .invalidPackage("\(url.path) is not a valid manifest (\(error)); fix the JSON and retry")
        }
        try manifest.validate(path: url.path)
        return manifest
    }

    /// Every ID and number unique, IDs shaped `Suite/function()`, points ≥ 0, hints on
    /// hidden tests.
    func validate(path: String) throws(GradingError) {
        var seenIDs = Set<String>(), seenNumbers = Set<String>()
        for test in tests {
            guard test.id.range(of: #"^[A-Za-z_][A-Za-z0-9_]*/[A-Za-z_][A-Za-z0-9_]*\(\)$"#, options: .regularExpression) != nil else {
                throw .invalidPackage("\(path): test id \"\(test.id)\" is not of the form Suite/function()")
            }
            guard seenIDs.insert(test.id).inserted else {
                throw .invalidPackage("\(path): test id \(test.id) appears twice")
            }
            guard seenNumbers.insert(test.number).inserted else {
                throw .invalidPackage("\(path): test number \(test.number) appears twice")
            }
            guard test.points >= 0, test.points.isFinite else {
                throw .invalidPackage("\(path): test \(test.id) has invalid points \(test.points)")
            }
            guard test.visibility == .public || !(test.hint ?? "").isEmpty else {
                throw .invalidPackage("\(path): hidden test \(test.id) needs a hint")
            }
        }
    }
}
