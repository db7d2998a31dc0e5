extension Vector {
    /// x̄ = Σ x_i / n.
    public static func mean(_ x: [Double]) -> Double {
        precondition(!x.isEmpty, "the mean of an empty sample is undefined")
        return x.reduce(0, +) / Double(x.count)
    }

    /// The sample standard deviation s = √(Σ (x_i − x̄)² / (n − 1)), as the backward-tuning
    /// reference prints it.
    public static func sampleStandardDeviation(_ x: [Double]) -> Double {
        precondition(x.count > 1, "a sample standard deviation needs two values or more, got \(x.count)")
        let m = mean(x)
        return (x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(x.count - 1)).squareRoot()
    }

    /// The median: the middle value of the sorted sample, or the mean of the two middle
    /// ones; NaN for an empty sample.
    public static func median(_ x: [Double]) -> Double {
        let y = x.sorted()
        return y.isEmpty ? .nan : y.count % 2 == 1 ? y[y.count / 2] : (y[y.count / 2 - 1] + y[y.count / 2]) / 2
    }
}
