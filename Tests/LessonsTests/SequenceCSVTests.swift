import Testing
@testable import Lessons

@Suite("Reading a student's x,y sequence")
struct SequenceCSVTests {
    @Test("a well-formed file with blank lines and spaces parses")
    func wellFormed() throws {
        let data = try SequenceData.parseCSV("x,y\n0.1, 2.5\n\n-0.2,1e-1\n")
        #expect(data == SequenceData(x: [0.1, -0.2], y: [2.5, 0.1]))
    }

    @Test("each malformed file names its problem and line", arguments: [
        ("", SequenceCSVError.empty),
        ("  \n\n", .empty),
        ("a,b\n1,2\n", .header(line: 1, found: "a,b")),
        ("x,y\n", .noRows),
        ("x,y\n1,2\n3\n", .columnCount(line: 3, expected: 2, found: 1)),
        ("x,y\n1,2,3\n", .columnCount(line: 2, expected: 2, found: 3)),
        ("x,y\n1,2\nfoo,2\n", .notANumber(line: 3, column: "x", text: "foo")),
        ("x,y\n1,nan\n", .notFinite(line: 2, column: "y", text: "nan")),
        ("x,y\ninf,1\n", .notFinite(line: 2, column: "x", text: "inf")),
    ])
    func malformed(text: String, expected: SequenceCSVError) {
        #expect(throws: expected) { try SequenceData.parseCSV(text) }
    }

    @Test("every error message names the line to fix")
    func messagesNameTheLine() {
        let errors: [SequenceCSVError] = [.header(line: 1, found: "a"), .columnCount(line: 4, expected: 2, found: 3),
                                          .notANumber(line: 5, column: "y", text: "z"), .notFinite(line: 6, column: "x", text: "nan")]
        for error in errors { #expect(error.description.contains("line ")) }
    }
}
