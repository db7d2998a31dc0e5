import CRateKernels
import RecurrentLearning

/// This core's limits, measured in every round beside the case itself, since
/// a shared machine's speed drifts from one second to the next: the rate of a
/// square dgemm (n = 512) and the read bandwidth of a buffer of the case's
/// working-set size.
///
/// The roofline of a case is the time its unavoidable work (`BenchCase.work`)
/// takes at these rates; a case at fraction 1 runs at the machine's limit.
/// The read bandwidth depends on where the buffer lives (L1, L2, L3, memory),
/// so it is measured by reading a buffer of exactly the case's working set,
/// as many times as the case reads it, with the kernels' own eight-lane read
/// (`rl_read`).
final class RooflineProbe {
    let work: Work
    private let a, b: Matrix
    private var c: Matrix
    private let buffer: UnsafeMutablePointer<Double>
    private let count: Int
    private(set) var dgemmRates: [Double] = []
    private(set) var readRates: [Double] = []
    private(set) var bounds: [Double] = []
    private var checksum = 0.0

    static let dgemmSize = 512

    init(work: Work) {
        self.work = work
        let n = Self.dgemmSize
        var rng = SeededGenerator(seed: 1)
        a = Matrix(rows: n, columns: n, elements: NormalDistribution().samples(n * n, using: &rng))
        b = Matrix(rows: n, columns: n, elements: NormalDistribution().samples(n * n, using: &rng))
        c = Matrix(rows: n, columns: n)
        count = max(work.workingSet / 8, 1)
        buffer = UnsafeMutableRawPointer.allocate(byteCount: count * 8, alignment: 64)   // as the kernels' copies of W
            .bindMemory(to: Double.self, capacity: count)
        for i in 0..<count { buffer[i] = Double(i % 17) }
        _ = measureOnce()                                    // warm-up, not recorded
        dgemmRates = []; readRates = []; bounds = []
    }

    deinit { buffer.deallocate() }

    /// One round: times the probes and returns this round's bound, in milliseconds.
    @discardableResult
    func measureOnce() -> Double {
        let clock = ContinuousClock()
        let n = Self.dgemmSize
        let gemm = clock.measure { c.addProduct(a, b) }.milliseconds
        let rate = 2 * Double(n * n * n) / (gemm * 1e6)       // GFLOP/s
        dgemmRates.append(rate)
        var bound = (work.flops + work.gemmFlops) / (rate * 1e6)
        if work.bytes > 0 {
            let passes = Int((work.bytes / Double(count * 8)).rounded())
            var sum = 0.0
            let read = clock.measure { sum = rl_read(buffer, count, passes) }.milliseconds
            checksum += sum
            readRates.append(Double(passes) * Double(count * 8) / (read * 1e6))   // GB/s
            bound += read
        }
        checksum += c[0, 0]
        bounds.append(bound)
        return bound
    }

    var kind: String {
        switch (work.bytes > 0, work.flops > 0, work.gemmFlops > 0) {
        case (true, _, true): "reads of W + gradient dgemm"
        case (true, true, false): "reads of W + LU at the dgemm rate"
        case (true, false, false): "reads of W"
        default: "arithmetic: dgemm rate"
        }
    }
}
