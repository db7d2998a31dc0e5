import Testing
@testable import Grading

/// Marker lines are built from the constants, so that this file itself never holds a
/// marker line (the release rewrites marker regions in every test file).
@Suite("Solution and hidden-test markers")
struct MarkersTests {
    let exercise = """
        /// Doubles x.
        public func double(x: Double) throws -> Double {
            \(Markers.beginSolution)
            let y = 2 * x
            return y
            \(Markers.endSolution)
        }
        """

    @Test("a solution becomes a stub that throws NotImplemented naming its function")
    func stubsSolution() throws {
        let stub = try Markers.stubbingSolutions(in: exercise, file: "E.swift")
        #expect(stub.contains("    throw NotImplemented(\"double\")"))
        #expect(!stub.contains("2 * x"))
        #expect(!stub.contains(Markers.beginSolution) && !stub.contains(Markers.endSolution))
        #expect(stub.hasPrefix("/// Doubles x.\npublic func double(x: Double) throws -> Double {"))
        #expect(stub.hasSuffix("\n}"))
    }

    @Test("hidden tests disappear with their markers; public ones stay")
    func removesHidden() throws {
        let source = """
            struct T {
                @Test func visible() {}
                \(Markers.beginHidden)
                @Test func secret() {}
                @Test(.tags(.x)) func alsoSecret() {}
                \(Markers.endHidden)
            }
            """
        let stripped = try Markers.removingHiddenTests(from: source, file: "T.swift")
        #expect(stripped == "struct T {\n    @Test func visible() {}\n}")
        #expect(try Markers.hiddenTestFunctions(in: source, file: "T.swift") == ["secret", "alsoSecret"])
    }

    @Test("unbalanced or nested markers are refused with the file and line")
    func unbalanced() {
        let open = "func f() throws {\n\(Markers.beginSolution)\n}"
        #expect(throws: GradingError.invalidPackage("F.swift:2: \(Markers.beginSolution) is never closed")) {
            try Markers.stubbingSolutions(in: open, file: "F.swift")
        }
        let stray = "x\n\(Markers.endHidden)"
        #expect(throws: GradingError.invalidPackage("T.swift:2: \(Markers.endHidden) without \(Markers.beginHidden)")) {
            try Markers.removingHiddenTests(from: stray, file: "T.swift")
        }
        let nested = "\(Markers.beginHidden)\n\(Markers.beginHidden)\n\(Markers.endHidden)"
        #expect(throws: GradingError.self) { try Markers.removingHiddenTests(from: nested, file: "T.swift") }
    }

    @Test("a solution outside any func is refused")
    func solutionOutsideFunction() {
        let source = "let x = 1\n\(Markers.beginSolution)\n\(Markers.endSolution)"
        #expect(throws: GradingError.self) { try Markers.stubbingSolutions(in: source, file: "S.swift") }
    }
}
