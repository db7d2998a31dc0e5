import RecurrentLearning

/// Timings of one case on the monotonic `ContinuousClock`, in milliseconds.
struct Timings: Sendable {
    var milliseconds: [Double]

    var median: Double { Self.median(of: milliseconds) }

    /// The middle value (the mean of the two middle ones for an even count); NaN when empty.
    static func median(of values: [Double]) -> Double { Vector.median(values) }

    var minimum: Double { milliseconds.min() ?? .nan }

    /// Runs `work` once to warm up (caches, lazily initialised BLAS, page
    /// faults of the first allocations), then `repetitions` timed runs.
    /// Every result is folded into `checksum`, so no run can be dropped.
    static func measure(repetitions: Int, checksum: inout Double, _ work: () -> Double) -> Timings {
        let clock = ContinuousClock()
        checksum += work()
        var times: [Double] = []
        times.reserveCapacity(repetitions)
        for _ in 0..<repetitions {
            var value = 0.0
            let elapsed = clock.measure { value = work() }
            checksum += value
            times.append(elapsed.milliseconds)
        }
        return Timings(milliseconds: times)
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1e3 + Double(attoseconds) * 1e-15
    }
}
