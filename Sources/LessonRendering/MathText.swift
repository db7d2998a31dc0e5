import Foundation

/// LaTeX math as plain Unicode text, for the terminal.
///
/// A lesson writes each equation once, as LaTeX (`$…$` inline, `$$ … $$` displayed):
/// Jupyter and GitHub typeset it with MathJax, and the terminal shows this rendering of
/// the same text. The subset is what the lessons use: Greek letters and operators by
/// name, `\frac{a}{b}` (as a/b), `\sqrt{x}`, sub- and superscripts (Unicode ones where
/// every character has one, `_(…)` otherwise), accents, `\text{…}` and the like, and
/// `aligned` environments (`&` dropped, `\\` a new line). An unknown command is shown
/// as its name without the backslash, so nothing is lost.
public enum MathText {
    public static func unicode(_ latex: String) -> String {
        var parser = Parser(Array(latex))
        return parser.sequence(until: nil)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { collapseSpaces(String($0)) }
            .joined(separator: "\n")
    }

    /// A run of spaces becomes one space, or the wide space of a `\quad` (written as
    /// no-break spaces) when the run holds one.
    static func collapseSpaces(_ text: String) -> String {
        var out = "", run = ""
        func flush() {
            if !run.isEmpty { out += run.contains("\u{00A0}") ? run.filter { $0 == "\u{00A0}" }.map { _ in " " }.joined() : " " }
            run = ""
        }
        for character in text {
            if character == " " || character == "\u{00A0}" { run.append(character) } else { flush(); out.append(character) }
        }
        flush()
        return out.trimmingCharacters(in: .whitespaces)
    }

    static let symbols: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
        "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ",
        "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
        "partial": "∂", "nabla": "∇", "sum": "Σ", "prod": "∏", "int": "∫", "infty": "∞", "cdot": "·",
        "times": "×", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈",
        "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "Rightarrow": "⇒", "mapsto": "↦",
        "ldots": "…", "dots": "…", "cdots": "⋯", "in": "∈", "propto": "∝", "pm": "±", "mp": "∓",
        "ell": "ℓ", "sim": "~", "odot": "⊙", "otimes": "⊗", "circ": "∘", "mid": "|", "top": "ᵀ",
        "forall": "∀", "exists": "∃", "lVert": "‖", "rVert": "‖", "|": "‖", "langle": "⟨", "rangle": "⟩",
        "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "star": "⋆", "prime": "′", "equiv": "≡",
        "quad": "\u{00A0}\u{00A0}", "qquad": "\u{00A0}\u{00A0}\u{00A0}\u{00A0}", ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "{": "{", "}": "}",
        "left": "", "right": "", "big": "", "Big": "", "bigl": "", "bigr": "", "min": "min", "max": "max",
        "log": "log", "exp": "exp", "sin": "sin", "cos": "cos", "tanh": "tanh", "det": "det", "lim": "lim",
        "arg": "arg", "ln": "ln", "colon": ":", "setminus": "∖", "cup": "∪", "cap": "∩", "subset": "⊂",
        "emptyset": "∅", "Vert": "‖", "dagger": "†", "ast": "*", "leftrightarrow": "↔", "iff": "⇔",
        "%": "%", "&": "&", "_": "_", "#": "#", "$": "$",
    ]
    /// Symbols that read as letters: the spaces after them are not shown.
    static let letterLike: Set<String> = ["alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta",
                                          "theta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma",
                                          "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta",
                                          "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega", "partial",
                                          "nabla", "ell"]
    /// Commands whose one argument is shown as it is.
    static let plainArguments: Set<String> = ["text", "mathrm", "mathbf", "mathit", "mathcal", "mathsf", "mathtt",
                                              "operatorname", "boldsymbol", "textrm", "textbf", "textit", "mbox"]
    /// Accents as combining characters.
    static let accents: [String: Character] = ["hat": "\u{0302}", "bar": "\u{0304}", "overline": "\u{0304}",
                                               "tilde": "\u{0303}", "dot": "\u{0307}", "ddot": "\u{0308}", "vec": "\u{20D7}"]
    static let subscripts: [Character: Character] = [
        "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉",
        "+": "₊", "-": "₋", "−": "₋", "=": "₌", "(": "₍", ")": "₎", "a": "ₐ", "e": "ₑ", "h": "ₕ", "i": "ᵢ",
        "j": "ⱼ", "k": "ₖ", "l": "ₗ", "m": "ₘ", "n": "ₙ", "o": "ₒ", "p": "ₚ", "r": "ᵣ", "s": "ₛ", "t": "ₜ",
        "u": "ᵤ", "v": "ᵥ", "x": "ₓ", "β": "ᵦ", "γ": "ᵧ", "ρ": "ᵨ", "φ": "ᵩ", "χ": "ᵪ",
    ]
    static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
        "+": "⁺", "-": "⁻", "−": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", "a": "ᵃ", "b": "ᵇ", "c": "ᶜ", "d": "ᵈ",
        "e": "ᵉ", "f": "ᶠ", "g": "ᵍ", "h": "ʰ", "i": "ⁱ", "j": "ʲ", "k": "ᵏ", "l": "ˡ", "m": "ᵐ", "n": "ⁿ",
        "o": "ᵒ", "p": "ᵖ", "r": "ʳ", "s": "ˢ", "t": "ᵗ", "u": "ᵘ", "v": "ᵛ", "w": "ʷ", "x": "ˣ", "y": "ʸ",
        "z": "ᶻ", "T": "ᵀ", "ᵀ": "ᵀ", "*": "*", "′": "′", "'": "′", "β": "ᵝ", "γ": "ᵞ", "δ": "ᵟ", "φ": "ᵠ",
    ]

    struct Parser {
        let characters: [Character]
        var index = 0

        init(_ characters: [Character]) { self.characters = characters }

        /// Renders until `end` (a closing brace) or the end of the text.
        mutating func sequence(until end: Character?) -> String {
            var out = ""
            while index < characters.count {
                let c = characters[index]
                if c == end { index += 1; return out }
                out += element()
            }
            return out
        }

        /// One element: a group, a command with its arguments, a script, or a character.
        mutating func element() -> String {
            let c = characters[index]
            index += 1
            switch c {
            case "{": return sequence(until: "}")
            case "\\": return command()
            case "_", "^":
                let argument = self.argument()
                return MathText.script(argument, table: c == "_" ? MathText.subscripts : MathText.superscripts,
                                       fallback: String(c))
            case "&": return ""
            case "~": return " "
            case "-": return "−"
            case "'": return "′"
            default: return String(c)
            }
        }

        /// A braced group or a single element.
        mutating func argument() -> String {
            while index < characters.count, characters[index] == " " { index += 1 }
            guard index < characters.count else { return "" }
            return element()
        }

        mutating func command() -> String {
            guard index < characters.count else { return "\\" }
            var name = ""
            if characters[index].isLetter {
                while index < characters.count, characters[index].isLetter { name.append(characters[index]); index += 1 }
            } else {
                name = String(characters[index])
                index += 1
            }
            switch name {
            case "\\": return "\n"
            case "frac", "dfrac", "tfrac":
                let numerator = argument(), denominator = argument()
                return MathText.grouped(numerator) + "/" + MathText.grouped(denominator)
            case "sqrt": return "√" + MathText.grouped(argument())
            case "begin", "end":
                _ = argument()
                return ""
            default:
                if MathText.plainArguments.contains(name) { return argument() }
                if let accent = MathText.accents[name] {
                    let base = argument()
                    return base.count == 1 ? base + String(accent) : base
                }
                if let symbol = MathText.symbols[name] {
                    // A letter-like symbol binds to what follows, as TeX sets it: \Delta t is Δt.
                    if MathText.letterLike.contains(name) {
                        while index < characters.count, characters[index] == " " { index += 1 }
                    }
                    return symbol
                }
                return name
            }
        }
    }

    /// `x` written as a sub- or superscript: Unicode script characters when every
    /// character has one, `_(x)` / `^(x)` (or `_x` for one character) otherwise.
    static func script(_ text: String, table: [Character: Character], fallback marker: String) -> String {
        let trimmed = text.replacingOccurrences(of: " ", with: "")
        if !trimmed.isEmpty, trimmed.allSatisfy({ table[$0] != nil }) { return String(trimmed.map { table[$0]! }) }
        return marker + (trimmed.count == 1 ? trimmed : "(" + text.trimmingCharacters(in: .whitespaces) + ")")
    }

    /// `x` as an operand of `/`: in parentheses unless it is a single term.
    static func grouped(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let isAtom = !trimmed.contains { " +−-/=,".contains($0) }
        return isAtom ? trimmed : "(" + trimmed + ")"
    }
}
