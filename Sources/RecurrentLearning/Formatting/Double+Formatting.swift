import Foundation

extension Double {
    /// The value with `sig` significant digits, in plain or scientific notation
    /// (whichever `%g` picks), e.g. `3.465` or `1.2e-13`.
    public func formatted(sig: Int) -> String {
        String(format: "%.\(sig)g", self)
    }

    /// The value with `places` digits after the point, e.g. `0.1234`.
    public func fixed(_ places: Int) -> String {
        String(format: "%.\(places)f", self)
    }
}
