import Foundation

/// What one call of a method costs on this machine: its time and the peak memory of its
/// own allocations.
///
/// - Time: one warm-up call (not timed), then `repetitions` timed samples on a monotonic
///   clock (for a sweep, interleaved round by round with the other sizes: `measure(each:)`); a sample runs the call `batch` times and counts their mean, with `batch`
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
        try measure(count: 1, repetitions: repetitions, minimumSample: minimumSample, progress: { _ in }) { _ in try body() }[0]
    }

    /// Measures several calls side by side, as one sweep: each is warmed up once, then every
    /// round takes one timed sample of each call in turn, so a slower moment of a shared
    /// machine slows every size of the sweep alike instead of bending its slope at one size.
    /// `progress(round)` is called after each round.
    public static func measure<R>(each bodies: [() throws -> R], repetitions: Int = 5, minimumSample: Double = 0.005,
                                  progress: (Int) -> Void = { _ in }) throws -> [(cost: Cost, result: R)] {
        try measure(count: bodies.count, repetitions: repetitions, minimumSample: minimumSample, progress: progress) { try bodies[$0]() }
    }

    /// Calls 0 ..< count of `call`, measured as `measure(each:)` says.
    private static func measure<R>(count: Int, repetitions: Int, minimumSample: Double, progress: (Int) -> Void,
                                   _ call: (Int) throws -> R) rethrows -> [(cost: Cost, result: R)] {
        precondition(repetitions >= 1, "measure at least one repetition, got \(repetitions)")
        let clock = ContinuousClock()
        var results: [R] = [], peaks: [Int] = [], batches: [Int] = []
        for k in 0..<count {
            let start = clock.now
            let (result, peak) = try MemoryLedger.measure { try call(k) }
            let warmUp = (clock.now - start).inSeconds
            results.append(result)
            peaks.append(peak)
            batches.append(warmUp >= minimumSample ? 1 : Int((minimumSample / max(warmUp, 1e-9)).rounded(.up)))
        }
        var samples = [[Double]](repeating: [], count: count)
        for round in 0..<repetitions {
            for k in 0..<count {
                let begin = clock.now
                for _ in 0..<batches[k] { peaks[k] = max(peaks[k], try MemoryLedger.measure { try call(k) }.peakDoubles) }
                samples[k].append((clock.now - begin).inSeconds / Double(batches[k]))
            }
            progress(round + 1)
        }
        return (0..<count).map { k in
            (Cost(seconds: Vector.median(samples[k]), fastest: samples[k].min()!, slowest: samples[k].max()!,
                  batch: batches[k], peakDoubles: peaks[k]), results[k])
        }
    }
}
