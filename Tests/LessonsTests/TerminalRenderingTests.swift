@testable import LessonRendering
import Foundation
import Testing

/// The terminal's rendering of a lesson's Markdown and math.
@Suite("Terminal rendering of narrative, math and tables")
struct TerminalRenderingTests {
    @Test("LaTeX math becomes Unicode text", arguments: [
        (#"\frac{dp}{dt} = J p + \frac{\partial F}{\partial w}"#, "dp/dt = J p + ∂F/∂w"),
        (#"p_{t+1} = (I + \Delta t\, J_t)\, p_t"#, "pₜ₊₁ = (I + Δt Jₜ) pₜ"),
        (#"a_t^\top = \sum_{s \ge t} \ell_s"#, "aₜᵀ = Σ_(s ≥ t) ℓₛ"),
        (#"x^{2} + \sqrt{1 - x} \le \infty"#, "x² + √(1 − x) ≤ ∞"),
        (#"\hat{r} = \bar{o}, \quad \text{with } w"#, "r̂ = ō,  with w"),
        (#"\begin{aligned} a &= 1 \\ b &= 2 \end{aligned}"#, "a = 1\nb = 2"),
    ])
    func math(latex: String, expected: String) {
        #expect(MathText.unicode(latex) == expected)
    }

    @Test("Markdown is rendered, not printed raw: emphasis, links with their target, bullets, display math")
    func markdown() {
        let renderer = TerminalMarkdown(width: 40, styled: false, folder: "Lessons/RTRL")
        let lines = renderer.render("""
            # Title
            Some **bold** and *slanted* words, see [`RTRL.swift`](../../Sources/X/RTRL.swift).
            - a bullet that is long enough to wrap onto a second line here
            $$
            \\frac{a}{b}
            $$
            """)
        #expect(lines[0] == "TITLE")
        #expect(lines.contains("Some bold and slanted words, see"))
        #expect(lines.contains("`RTRL.swift` (Sources/X/RTRL.swift)."))
        #expect(lines.contains("  • a bullet that is long enough to wrap"))
        #expect(lines.contains("    onto a second line here"))
        #expect(lines.contains("    a/b"))
        #expect(lines.allSatisfy { $0.count <= 40 })
        let numbered = renderer.render("1. a numbered item that is long enough to wrap onto its next line")
        #expect(numbered.count >= 2 && numbered[0].hasPrefix("  1. a") && numbered[1].hasPrefix("     ") && !numbered[1].hasPrefix("      "),
                "a wrapped item lines up under its text: \(numbered)")
        #expect(renderer.inline(#"r\* and v\*, diag(f′\_l)"#) == "r* and v*, diag(f′_l)")
    }

    @Test("tables align words left and numbers right")
    func table() {
        let lines = TextTable.lines(header: ["method", "dL/dw"], rows: [["RTRL", "1.5"], ["central differences", "-10.25"]])
        #expect(lines == ["method                dL/dw", "RTRL                    1.5", "central differences  -10.25"])
        #expect(TextTable.isNumber("12 ms") && TextTable.isNumber("−3.5") && !TextTable.isNumber("36 & 9.3e-07 & 24"))
    }

    @Test("a table wider than the terminal fits it: headers wrap first, then text, never a word or a number")
    func wideTable() {
        let header = ["method", "relative error against central differences", "what it computes"]
        let rows = [["solve", "3.97e-11", "v solves v J = −∂l/∂r*, then dl/dw = v ∂F/∂w"],
                    ["adjoint", "3.97e-11", "dv/dt = v J + ∂l/∂r* until it settles"]]
        let natural = TextTable.lines(header: header, rows: rows)
        #expect(natural.map(\.count).max()! > 60)
        let fitted = TextTable.layouts(header: header, rows: rows, width: 60)
        #expect(fitted.count == 1)
        let table = fitted[0]
        #expect(table.lines.allSatisfy { $0.count <= 60 }, "\(table.lines)")
        #expect(table.header.count > 1, "the long header wraps: \(table.header)")
        // Every word and number is still there, whole, and the numbers stay right-aligned.
        let words = Set(table.lines.flatMap { $0.split(separator: " ").map(String.init) })
        #expect((header + rows.flatMap { $0 }).flatMap { $0.split(separator: " ").map(String.init) }.allSatisfy(words.contains))
        let numbers = table.body.filter { $0.contains("3.97e-11") }
        #expect(numbers.count == 2 && Set(numbers.map { $0.range(of: "3.97e-11")!.lowerBound.utf16Offset(in: $0) }).count == 1)
        #expect(table.body.contains(""), "rows that wrap are set apart by a blank line")
    }

    @Test("a table whose words alone are too wide is split into column groups, each led by the first column")
    func columnGroups() {
        let header = ["n", "RTRL µs/step", "BPTT µs/step", "RTRL memory n·m", "BPTT memory 2n(T+1)"]
        let rows = [["4", "0.941", "0.603", "112", "808"], ["32", "83.2", "1.02", "35840", "6464"]]
        let groups = TextTable.layouts(header: header, rows: rows, width: 24)
        #expect(groups.count > 1)
        #expect(groups.allSatisfy { $0.lines.allSatisfy { $0.count <= 24 } && $0.header[0].trimmingCharacters(in: .whitespaces).hasPrefix("n ") })
        #expect(groups.flatMap(\.body).filter { $0.hasPrefix("32") }.count == groups.count, "every group repeats the row's label")
        let all = groups.flatMap(\.lines).joined(separator: " ")
        #expect(["0.941", "0.603", "35840", "6464", "83.2"].allSatisfy(all.contains))
    }

    @Test("a Markdown table in the narrative is drawn as an aligned table, not printed raw")
    func narrativeTable() {
        let renderer = TerminalMarkdown(width: 40, styled: false)
        let lines = renderer.render("""
            Costs:

            | method | time |
            |---|---:|
            | **RTRL** | O(n⁴) |
            | BPTT, stored trajectory | O(n²T) |

            After.
            """)
        #expect(!lines.contains { $0.contains("|") }, "\(lines)")
        #expect(lines.contains("  method                   time"), "\(lines)")
        #expect(lines.contains("  RTRL                     O(n⁴)"), "the cells' Markdown is rendered: \(lines)")
        #expect(lines.last == "After." && lines.allSatisfy { $0.count <= 40 })
    }

    @Test("a displayed equation wider than the terminal breaks between equations, then before a relation or sign")
    func wideEquation() {
        let renderer = TerminalMarkdown(width: 50, styled: false)
        let lines = renderer.render(#"$$E = \tfrac12 \|r\|^2 - \tfrac12 \rho^\top W \rho - b^\top \rho - \rho^\top U x, \qquad F = -r + \rho'(r) \circ (W\rho + b + U x)$$"#)
        #expect(lines.allSatisfy { $0.count <= 50 }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("    E = ") } && lines.contains { $0.hasPrefix("    F = ") }, "\(lines)")
        #expect(lines.filter { $0.hasPrefix("        ") }.allSatisfy { $0.dropFirst(8).first.map { "=+−".contains($0) } ?? false },
                "a continuation starts at its sign: \(lines)")
    }
}
