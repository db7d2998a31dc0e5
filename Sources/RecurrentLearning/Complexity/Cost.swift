import Foundation

/// What one call of a method costs on this machine: its time and the peak memory of its
/// own allocations.
///
/// - Time: one warm-up call (not timed), then `repetitions` timed samples on a monotonic
///   clock; a sample runs the call `batch` times and counts their mean, with `batch`
///   chosen from the warm-up so that a sample lasts at least `minimumSample` (a call of a
///   few microseconds is then not lost in the clock's own cost). The cost is the median
///   sample; the fastest and slowest are kept to show the spread.
/// - Memory: `MemoryLedger`'s peak over every call, in doubles (8 bytes each): what the
///   method itself allocates (sensitivities, stored trajectory, LU factors), counted where
///   it is allocated, never estimated.
public struct Cost: Sendable, Equatable {
    /// The median sample, in seconds per call.
    public var seconds: Double
    public var fastest: Double
    public var slowest: Double
    /// Calls per timed sample.
    public var batch: Int
    /// The most doubles the call's own buffers held at once.
    public var peakDoubles: Int

    public var peakBytes: Double { Double(peakDoubles) * 8 }

    /// Measures `body` (see the type's comment) and returns its cost and the warm-up's result.
    public static func measure<R>(repetitions: Int = 5, minimumSample: Double = 0.005,
                                  _ body: () throws -> R) rethrows -> (cost: Cost, result: R) {
        precondition(repetitions >= 1, "measure at least one repetition, got \(repetitions)")
        let clock = ContinuousClock(), start = clock.now
        let (result, warmPeak) = try MemoryLedger.measure(body)
        let warmUp = (clock.now - start).inSeconds
        let batch = warmUp >= minimumSample ? 1 : Int((minimumSample / max(warmUp, 1e-9)).rounded(.up))
        var peak = warmPeak, samples: [Double] = []
        for _ in 0..<repetitions {
            let begin = clock.now
            for _ in 0..<batch { peak = max(peak, try MemoryLedger.measure(body).peakDoubles) }
            samples.append((clock.now - begin).inSeconds / Double(batch))
        }
        return (Cost(seconds: Vector.median(samples), fastest: samples.min()!, slowest: samples.max()!, batch: batch,
                     peakDoubles: peak), result)
    }
}
