import Foundation

/// A lesson's narrative Markdown as terminal lines: headings, paragraphs wrapped to the
/// width, emphasis and code spans (styled on a terminal, plain on a pipe), links as
/// their text with the target after it, bullet lists with hanging indents, tables through
/// `TextTable`, math through `MathText`, and other fenced blocks verbatim.
public struct TerminalMarkdown: Sendable {
    public var width: Int
    /// ANSI styles (bold, italic, colour); off when the output is not a terminal.
    public var styled: Bool
    /// The folder of the lesson's Markdown, relative to the package (e.g. `Lessons/RTRL`),
    /// so that relative links are shown as package paths.
    public var folder: String

    public init(width: Int, styled: Bool, folder: String = "") {
        self.width = max(width, 20)
        self.styled = styled
        self.folder = folder
    }

    func style(_ code: String, _ text: String) -> String {
        styled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func render(_ markdown: String) -> [String] {
        var out: [String] = []
        var paragraph: [String] = []
        var bullet: String?
        func flush() {
            if !paragraph.isEmpty {
                let text = inline(paragraph.joined(separator: " "))
                // A hanging indent under the item's text: "  • " and "  1. " alike.
                out += bullet.map { wrap(text, first: "  \($0) ", rest: String(repeating: " ", count: 3 + $0.count)) }
                    ?? wrap(text, first: "", rest: "")
            }
            paragraph = []
            bullet = nil
        }
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                flush()
                index += 1
                while index < lines.count, !lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                    out.append("    " + lines[index])
                    index += 1
                }
            } else if trimmed.hasPrefix("$$") {
                flush()
                var math = String(trimmed.dropFirst(2))
                var closed = math.hasSuffix("$$")
                if closed { math = String(math.dropLast(2)) }
                while !closed, index + 1 < lines.count {
                    index += 1
                    let next = lines[index].trimmingCharacters(in: .whitespaces)
                    if next.hasSuffix("$$") { math += "\n" + next.dropLast(2); closed = true } else { math += "\n" + next }
                }
                for rendered in MathText.unicode(math.replacingOccurrences(of: "\n", with: " ")).split(separator: "\n") {
                    out += displayLines(String(rendered)).map { "    " + style("1", $0) }
                }
                out.append("")
            } else if trimmed.hasPrefix("|"), index + 1 < lines.count, Self.isTableRule(lines[index + 1]) {
                flush()
                var rows: [[String]] = []
                while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("|") {
                    if !Self.isTableRule(lines[index]) { rows.append(Self.cells(of: lines[index]).map(inline)) }
                    index += 1
                }
                index -= 1
                out += table(header: rows[0], rows: Array(rows.dropFirst()))
                out.append("")
            } else if trimmed.isEmpty {
                flush()
                if out.last != "" { out.append("") }
            } else if line.hasPrefix("#") {
                flush()
                let level = line.prefix { $0 == "#" }.count
                let title = inline(String(line.dropFirst(level)).trimmingCharacters(in: .whitespaces))
                out.append(style("1", level == 1 ? title.uppercased() : title))
                if level == 1 { out.append(style("1", String(repeating: "═", count: min(width, TerminalMarkdown.visibleLength(title))))) }
            } else if let marker = ["- ", "* "].first(where: { trimmed.hasPrefix($0) }) ?? numberedMarker(trimmed) {
                flush()
                bullet = marker == "- " || marker == "* " ? "•" : String(marker.dropLast())
                paragraph = [String(trimmed.dropFirst(marker.count))]
            } else {
                paragraph.append(trimmed)
            }
            index += 1
        }
        flush()
        while out.last == "" { out.removeLast() }
        return out
    }

    /// A displayed equation in lines that fit the width after its 4-column indent: the
    /// equations set apart by wide spaces (a `\quad`) go one to a line, and one still too
    /// wide breaks before a relation or a sum's sign, its later lines indented under it.
    func displayLines(_ equation: String) -> [String] {
        let room = width - 4
        guard equation.count > room else { return [equation] }
        var lines: [String] = []
        for part in equation.split(separator: /\s{3,}/).map({ String($0).trimmingCharacters(in: .whitespaces) }) {
            if let last = lines.last, last.count + 4 + part.count <= room {
                lines[lines.count - 1] = last + "    " + part
                continue
            }
            var line = "", indent = ""
            for term in part.split(separator: /\s(?=[=+−≈≤≥<>] )/).map(String.init) {
                if line.count > indent.count, line.count + 1 + term.count > room {
                    lines.append(line)
                    indent = "    "
                    line = indent
                } else if line.count > indent.count {
                    line += " "
                }
                line += term
            }
            lines.append(line)
        }
        return lines
    }

    /// A table indented by two columns and fitted to the width (`TextTable`), its header bold;
    /// column groups, when it needs them, one under the other.
    public func table(header: [String], rows: [[String]]) -> [String] {
        let groups = TextTable.layouts(header: header, rows: rows, width: width - 2).map { table in
            table.header.map { "  " + style("1", $0) } + table.body.map { $0.isEmpty ? "" : "  " + $0 }
        }
        return Array(groups.flatMap { [""] + $0 }.dropFirst())
    }

    /// A Markdown table's rule under its header: `|---|:---:|`.
    static func isTableRule(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.hasPrefix("|") && trimmed.contains("-") && trimmed.allSatisfy { "|-: ".contains($0) }
    }

    /// The cells of a Markdown table row, `| a | b |` → ["a", "b"].
    static func cells(of line: String) -> [String] {
        var parts = line.trimmingCharacters(in: .whitespaces).split(separator: "|", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.first == "" { parts.removeFirst() }
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    /// `1. ` and the like at the start of a list item.
    func numberedMarker(_ line: String) -> String? {
        let digits = line.prefix { $0.isNumber }
        guard !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") else { return nil }
        return digits + ". "
    }

    /// Escapes, emphasis, code spans, links and inline math of one paragraph.
    public func inline(_ text: String) -> String {
        var out = ""
        let characters = Array(text)
        var index = 0
        func find(_ closing: String, from start: Int) -> Int? {
            let target = Array(closing)
            var k = start
            while k + target.count <= characters.count {
                if Array(characters[k..<(k + target.count)]) == target { return k }
                k += 1
            }
            return nil
        }
        while index < characters.count {
            let c = characters[index]
            if c == "\\", index + 1 < characters.count, characters[index + 1].isASCII, characters[index + 1].isPunctuation
                || characters[index + 1].isSymbol {
                out.append(characters[index + 1])                 // a Markdown escape: \* is a literal *
                index += 2
            } else if c == "`", let end = find("`", from: index + 1) {
                let code = String(characters[(index + 1)..<end])
                out += styled ? style("36", code) : "`" + code + "`"
                index = end + 1
            } else if c == "$", let end = find("$", from: index + 1), end > index + 1 {
                out += MathText.unicode(String(characters[(index + 1)..<end]))
                index = end + 1
            } else if c == "*", index + 1 < characters.count, characters[index + 1] == "*",
                      let end = find("**", from: index + 2) {
                out += style("1", inline(String(characters[(index + 2)..<end])))
                index = end + 2
            } else if c == "*" || c == "_", index + 1 < characters.count, characters[index + 1] != " ",
                      index == 0 || !characters[index - 1].isLetter, let end = find(String(c), from: index + 1),
                      end > index + 1, end + 1 >= characters.count || !characters[end + 1].isLetter {
                out += style("3", inline(String(characters[(index + 1)..<end])))
                index = end + 1
            } else if c == "[", let close = find("](", from: index + 1), let end = find(")", from: close + 2) {
                let label = inline(String(characters[(index + 1)..<close]))
                let target = resolve(String(characters[(close + 2)..<end]))
                out += label + " (" + target + ")"
                index = end + 1
            } else {
                out.append(c)
                index += 1
            }
        }
        return out
    }

    /// A relative link as a path from the package root; other targets unchanged.
    func resolve(_ target: String) -> String {
        guard !target.contains("://"), !folder.isEmpty else { return target }
        var parts = folder.split(separator: "/").map(String.init)
        for part in target.split(separator: "/") {
            if part == ".." { if !parts.isEmpty { parts.removeLast() } } else if part != "." { parts.append(String(part)) }
        }
        return parts.joined(separator: "/")
    }

    /// Words wrapped to the width; `first` and `rest` prefix the first and later lines.
    public func wrap(_ text: String, first: String, rest: String) -> [String] {
        var lines: [String] = []
        var line = first, length = first.count
        for word in text.split(separator: " ") {
            let visible = TerminalMarkdown.visibleLength(word)
            if length > rest.count, length + 1 + visible > width, length > first.count || lines.count > 0 {
                lines.append(line)
                line = rest
                length = rest.count
            }
            if length > (lines.isEmpty ? first.count : rest.count) { line += " "; length += 1 }
            line += word
            length += visible
        }
        lines.append(line)
        return lines
    }

    /// The number of characters a terminal shows: ANSI escapes take none.
    public static func visibleLength<S: StringProtocol>(_ text: S) -> Int {
        var count = 0, inEscape = false
        for c in text {
            if c == "\u{1B}" { inEscape = true } else if inEscape { if c == "m" { inEscape = false } } else { count += 1 }
        }
        return count
    }
}
