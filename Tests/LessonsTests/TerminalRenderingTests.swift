import LessonRendering
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
    }
}
