import Foundation
import Testing
@testable import Grading

/// The course's own manifest against the course's own tests: every graded test listed
/// once, hidden exactly where the source hides it, and every exercise a real function.
@Suite("The homework manifest matches the tests and exercises")
struct CourseManifestTests {
    let package: HomeworkPackage

    init() throws {
        package = try HomeworkPackage(root: packageRoot)
    }

    /// Suite/function() → hidden?, read from the test sources.
    func declaredTests() throws -> [String: Bool] {
        var declared: [String: Bool] = [:]
        for file in package.testFiles where file.hasSuffix(".swift") {
            let source = try package.text(file)
            let hidden = Set(try Markers.hiddenTestFunctions(in: source, file: file))
            var suite: String?
            for line in source.components(separatedBy: "\n") {
                if let match = line.range(of: #"^struct\s+[A-Za-z_][A-Za-z0-9_]*"#, options: .regularExpression) {
                    suite = line[match].split(separator: " ").last.map(String.init)
                }
                if let name = Markers.testFunctionName(line), let suite {
                    let id = "\(suite)/\(name)()"
                    #expect(declared[id] == nil, "\(id) declared twice")
                    declared[id] = hidden.contains(name)
                }
            }
        }
        return declared
    }

    @Test("every @Test is in the manifest exactly once, with the right visibility")
    func testsAndManifestAgree() throws {
        let declared = try declaredTests()
        let listed = Dictionary(uniqueKeysWithValues: package.manifest.tests.map { ($0.id, $0.visibility == .hidden) })
        #expect(Set(declared.keys) == Set(listed.keys),
                "only in the sources: \(Set(declared.keys).subtracting(listed.keys).sorted()); only in the manifest: \(Set(listed.keys).subtracting(declared.keys).sorted())")
        for (id, hidden) in declared where listed[id] != nil {
            #expect(listed[id] == hidden, "\(id): hidden in the source is \(hidden), in the manifest \(listed[id]!)")
        }
    }

    @Test("every exercise is a function with a solution, in its assignment's folder")
    func exercisesExist() throws {
        #expect(!package.exerciseFiles.isEmpty || package.manifest.isStudentCopy)
        var functions: [String: String] = [:]
        for file in package.homeworkFiles {
            for line in try package.text(file).components(separatedBy: "\n") {
                if let match = line.range(of: #"public func [A-Za-z_][A-Za-z0-9_]*"#, options: .regularExpression) {
                    functions[String(line[match].dropFirst("public func ".count))] = file
                }
            }
        }
        for test in package.manifest.tests {
            let file = try #require(functions[test.exercise], "\(test.id) grades \(test.exercise), which no homework file declares")
            let assignment = try #require(package.manifest.assignments.first { $0.number == test.assignment },
                                          "\(test.id): number \(test.number) names no assignment")
            #expect(file.hasPrefix(assignment.folder + "/"), "\(test.exercise) is in \(file), not in \(assignment.folder)")
            if !package.manifest.isStudentCopy {
                #expect(package.exerciseFiles.contains(file), "\(file) holds \(test.exercise) but no solution region")
            }
        }
    }

    @Test("the starter stub of every exercise file still declares the same functions")
    func stubsKeepSignatures() throws {
        for file in package.exerciseFiles {
            let declarations = { (text: String) in
                text.components(separatedBy: "\n").filter { $0.contains("func ") || $0.contains("typealias ") }
            }
            #expect(declarations(try package.starter(file)) == declarations(try package.text(file)), "\(file)")
        }
    }
}
