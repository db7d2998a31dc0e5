import Foundation
import Lessons
import RecurrentLearning

/// A run of a lesson as a Jupyter notebook (nbformat 4.5): each narrative section a
/// markdown cell (its LaTeX typeset by Jupyter), each code cell with the code that ran
/// and its recorded outputs: text as a stdout stream, tables as HTML and plain text,
/// checks, figures embedded as `image/png`, and an error output where a cell stopped.
///
/// Nothing varies between two exports of the same run: cell ids come from the cell
/// names, there are no timestamps, and the JSON is written with sorted keys.
public struct Notebook {
    public enum ExportError: Error, CustomStringConvertible {
        case figure(name: String, reason: String)
        public var description: String {
            switch self {
            case let .figure(name, reason): "figure \(name) could not be drawn, so the notebook was not written: \(reason)"
            }
        }
    }

    var cells: [JSONValue] = []

    /// Builds the notebook of a finished run: `events` as `LessonSession` recorded them;
    /// `image` draws a figure as PNG bytes (an error stops the export).
    public init(lesson: any Lesson.Type, command: String, events: [LessonEvent],
                image: (Figure) throws -> Data) throws {
        cells.append(Notebook.markdownCell(id: "run", "*Recorded by `\(command)`; every random draw comes from the seed shown in the outputs.*"))
        var markdownCount = 0
        var code: (name: String, source: String)?
        var outputs: [JSONValue] = []
        var stream: [String] = []
        var executionCount = 0
        func flushStream() {
            if !stream.isEmpty { outputs.append(Notebook.stream(stream)) }
            stream = []
        }
        func flushCell() {
            flushStream()
            if let open = code {
                executionCount += 1
                cells.append(.sortedObject([
                    "cell_type": .string("code"), "execution_count": .integer(executionCount),
                    "id": .string("cell-\(open.name)"), "metadata": .object([]), "outputs": .array(outputs),
                    "source": Notebook.lines(open.source),
                ]))
            }
            code = nil
            outputs = []
        }
        for event in events {
            switch event {
            case .markdown(let text):
                flushCell()
                markdownCount += 1
                cells.append(Notebook.markdownCell(id: "text-\(markdownCount)", text))
            case let .code(name, source):
                flushCell()
                code = (name, source)
            case .text(let line):
                stream.append(line)
            case let .table(header, rows):
                flushStream()
                outputs.append(Notebook.display(["text/html": .string(Notebook.html(header: header, rows: rows)),
                                                 "text/plain": Notebook.lines(TextTable.lines(header: header, rows: rows).joined(separator: "\n"))]))
            case .check(let check):
                flushStream()
                let mark = check.passed ? "✓ PASS" : "✗ FAIL", colour = check.passed ? "#1a7f37" : "#cf222e"
                outputs.append(Notebook.display([
                    "text/html": .string("<p><b style=\"color:\(colour)\">\(mark)</b> \(Notebook.escaped(check.name)): \(Notebook.escaped(check.detail))</p>"),
                    "text/plain": .string("\(mark) \(check.name): \(check.detail)"),
                ]))
            case let .figure(name, figure):
                flushStream()
                let png: Data
                do { png = try image(figure) } catch { throw ExportError.figure(name: "\(lesson.id)-\(name)", reason: "\(error)") }
                outputs.append(Notebook.display(["image/png": .string(png.base64EncodedString()),
                                                 "text/plain": .string("figure \(lesson.id)-\(name): \(figure.title)")]))
            case .progress:
                break
            case let .cellError(_, message):
                flushStream()
                outputs.append(.sortedObject(["ename": .string("LessonError"), "evalue": .string(message),
                                              "output_type": .string("error"), "traceback": .array([.string(message)])]))
            }
        }
        flushCell()
    }

    /// The notebook's JSON text, ending with a newline.
    public var json: String {
        JSONValue.sortedObject([
            "cells": .array(cells),
            "metadata": .sortedObject([
                "kernelspec": .sortedObject(["display_name": .string("Swift"), "language": .string("swift"), "name": .string("swift")]),
                "language_info": .sortedObject(["file_extension": .string(".swift"), "name": .string("swift")]),
            ]),
            "nbformat": .integer(4),
            "nbformat_minor": .integer(5),
        ]).serialized() + "\n"
    }

    static func markdownCell(id: String, _ text: String) -> JSONValue {
        .sortedObject(["cell_type": .string("markdown"), "id": .string(id), "metadata": .object([]), "source": lines(text)])
    }

    static func stream(_ lines: [String]) -> JSONValue {
        .sortedObject(["name": .string("stdout"), "output_type": .string("stream"),
                       "text": .array(lines.map { .string($0 + "\n") })])
    }

    static func display(_ data: [String: JSONValue]) -> JSONValue {
        .sortedObject(["data": .sortedObject(data), "metadata": .object([]), "output_type": .string("display_data")])
    }

    /// Text as nbformat's list of lines, each but the last ending in a newline.
    static func lines(_ text: String) -> JSONValue {
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        return .array(parts.enumerated().map { k, line in .string(k + 1 < parts.count ? line + "\n" : String(line)) })
    }

    static func html(header: [String], rows: [[String]]) -> String {
        func row(_ cells: [String], tag: String) -> String {
            "<tr>" + cells.map { "<\(tag)>\(escaped($0))</\(tag)>" }.joined() + "</tr>"
        }
        return "<table>\n<thead>" + row(header, tag: "th") + "</thead>\n<tbody>\n"
            + rows.map { row($0, tag: "td") }.joined(separator: "\n") + "\n</tbody>\n</table>"
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
