extension Duration {
    /// The duration in seconds, as a Double (for printing measured times).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
