import Foundation
import LessonFormat

/// `lesson-cells LESSON.md OUTPUT.swift`: the build tool behind the LessonCells plugin.
/// Reads a lesson's Markdown and writes the Swift that runs its cells; a malformed
/// lesson is reported as `FILE:LINE: error: …`, which SwiftPM shows like a compiler error.
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: lesson-cells LESSON.md OUTPUT.swift\n".utf8))
    exit(64)
}
let input = arguments[1], output = arguments[2]
do {
    let text = try String(contentsOfFile: input, encoding: .utf8)
    let source = try LessonSource(parsing: text)
    let code = source.swiftCode(sourcePath: input)
    if (try? String(contentsOfFile: output, encoding: .utf8)) != code {
        try code.write(toFile: output, atomically: true, encoding: .utf8)
    }
} catch let error as LessonSourceError {
    FileHandle.standardError.write(Data("\(input):\(error.line): error: \(error.message)\n".utf8))
    exit(1)
} catch {
    FileHandle.standardError.write(Data("\(input):1: error: \(error.localizedDescription)\n".utf8))
    exit(1)
}
