import Foundation
import RecurrentLearning
import Testing

/// The kernel-form unit types (LNL, IAF, LSTM) state their sensitivities
/// β^{n′t′}_{nt} = ∂x_n(t)/∂x_n′(t′) (a partial derivative: every other buffered state held)
/// and their dependencies; both are checked here against central differences of the
/// node's own value, for every (n, t, n′, t′) in the window. This is the reference
/// implementation's original unit test (step 1e-3, relative tolerance 1e-2), extended to
/// the LSTM-like unit, which has no published code.
@Suite("Kernel networks: analytic β agrees with finite differences, dependencies are complete")
struct KernelSensitivityTests {
    /// The reference's step.
    static let step = 1e-3
    /// The reference's relative tolerance.
    static let relative = 1e-2
    /// The absolute floor, for β ≈ 0 where a relative test means nothing. The central
    /// difference's truncation error is h²/6 |∂³x_n/∂x_n′³| ≤ 1e-6/6 · 8 · |W| here (ζ_[0,1] has
    /// |ζ‴| ≤ 8; |W| ≲ 3), its rounding error ~ 1e-16 |x| / h ~ 1e-13: 1e-5 covers both, and is
    /// small enough that a 5 % error in any |β| > 2.5e-4 is still caught (see the last test).
    static let absolute = 1e-5
    /// A finite difference above this is a real dependency, not rounding.
    static let nonZero = 1e-9

    /// |β − fd| ≤ 1e-2 |fd| + 1e-5.
    static func agree(finiteDifference fd: Double, analytic β: Double) -> Bool {
        abs(β - fd) <= relative * abs(fd) + absolute
    }

    /// The unit types under test.
    enum Kind: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case linearNonLinear = "LNL", integrateAndFire = "IAF", longShortTermMemory = "LSTM"
        var testDescription: String { rawValue }
    }

    static let steps = 6

    /// T = 6 steps of N(0, 1) inputs, from a fixed seed.
    static func inputs(_ count: Int, seed: UInt64) -> [[Double]] {
        var g = SeededGenerator(seed: seed)
        let normal = NormalDistribution()
        return (0..<steps).map { _ in normal.samples(count, using: &g) }
    }

    /// A network of each kind with every weight free and drawn from a fixed seed, and its inputs:
    /// LNL N = 3, M = 2, leaks in [0.2, 0.9); IAF N = 3, M = 1, leaks in [0.3, 0.9), sharpness 2;
    /// LSTM N = 2, M = 2, offsets and peepholes drawn too.
    static func network(_ kind: Kind) -> (network: any KernelNetwork, inputs: [[Double]]) {
        var g = SeededGenerator(seed: 20_171_015)
        let normal = NormalDistribution()
        switch kind {
        case .linearNonLinear:
            let net = LinearNonLinearNetwork(units: 3, inputs: 2, leak: .free, offset: .free) { node, _ in
                node >= 3 && node < 6 ? g.uniform(0.2, 0.9) : normal.sample(using: &g)
            }
            return (net, inputs(2, seed: 1))
        case .integrateAndFire:
            let net = IntegrateAndFireNetwork(units: 3, inputs: 1, leak: .free, offset: .free, sharpness: .free) { node, d in
                node >= 3 ? 2 : d == 1 ? g.uniform(0.3, 0.9) : normal.sample(using: &g)
            }
            return (net, inputs(1, seed: 2))
        case .longShortTermMemory:
            let net = LongShortTermMemoryNetwork(units: 2, inputs: 2, offset: .free) { _, _ in normal.sample(using: &g) }
            return (net, inputs(2, seed: 3))
        }
    }

    /// One (n, t, n′, t′) of the window: the central difference and the analytic β.
    struct Entry: CustomStringConvertible {
        let node: Int, time: Int, other: Int, otherTime: Int
        let finiteDifference: Double, analytic: Double
        var description: String { "(n, t, n′, t′) = (\(node), \(time), \(other), \(otherTime))" }
    }

    /// (x_n(t; x_n′(t′) + h) − x_n(t; x_n′(t′) − h)) / 2h, node n's value recomputed from its kernels
    /// with only the buffered x[t′][n′] changed.
    static func centralDifference<Network: KernelNetwork>(
        _ net: Network, node n: Int, time t: Int, of n2: Int, time t2: Int, states x: [[Double]], inputs i: [[Double]]
    ) -> Double {
        var plus = x, minus = x
        plus[t2][n2] += step
        minus[t2][n2] -= step
        let up = net.value(node: n, kernels: net.kernels(node: n, time: t, states: plus, inputs: i))
        let down = net.value(node: n, kernels: net.kernels(node: n, time: t, states: minus, inputs: i))
        return (up - down) / (2 * step)
    }

    /// Every (n, t, n′, t′) in the window of the simulated network.
    static func entries<Network: KernelNetwork>(_ net: Network, inputs i: [[Double]]) -> [Entry] {
        let x = net.simulate(inputs: i)
        var all: [Entry] = []
        for t in 0..<i.count {
            for n in 0..<net.nodeCount {
                for (n2, t2) in net.windowDependencies(node: n, time: t) {
                    all.append(Entry(
                        node: n, time: t, other: n2, otherTime: t2,
                        finiteDifference: centralDifference(net, node: n, time: t, of: n2, time: t2, states: x, inputs: i),
                        analytic: net.sensitivity(node: n, time: t, to: n2, time: t2, states: x, inputs: i)))
                }
            }
        }
        return all
    }

    static func entries(_ kind: Kind) -> [Entry] {
        let (net, inputs) = network(kind)
        return entries(net, inputs: inputs)
    }

    @Test("analytic β equals the central difference (h = 1e-3) for every (n, t, n′, t′) in the window",
          arguments: Kind.allCases)
    func sensitivityAgreesWithFiniteDifferences(kind: Kind) {
        let all = Self.entries(kind)
        #expect(all.count > 100, "\(kind): only \(all.count) window entries")
        #expect(all.filter { abs($0.analytic) > Self.nonZero }.count > 20, "\(kind): too few non-zero β to test anything")
        for e in all where !Self.agree(finiteDifference: e.finiteDifference, analytic: e.analytic) {
            Issue.record("\(kind) β at \(e): expected (finite difference) \(e.finiteDifference), got \(e.analytic)")
        }
    }

    @Test("dependencies lists every (n′, t′) with a non-zero finite difference, and only entries inside the window",
          arguments: Kind.allCases)
    func dependenciesAreComplete(kind: Kind) {
        let (net, inputs) = Self.network(kind)
        for e in Self.entries(net, inputs: inputs) where abs(e.finiteDifference) > Self.nonZero {
            let listed = net.dependencies(node: e.node, time: e.time).contains { $0 == (e.other, e.otherTime) }
            #expect(listed, "\(kind): \(e) has finite difference \(e.finiteDifference) but is not a listed dependency")
        }
        for t in 0..<inputs.count {
            for n in 0..<net.nodeCount {
                let listed = net.dependencies(node: n, time: t)
                for (n2, t2) in listed {
                    let inWindow = (0..<net.nodeCount).contains(n2) && t2 >= 0
                        && ((t2 == t && n2 > n) || (t - net.window <= t2 && t2 < t))
                    #expect(inWindow, "\(kind): node \(n) at \(t) lists (\(n2), \(t2)), outside the window")
                }
                let distinct = Set(listed.map { "\($0.node),\($0.time)" })
                #expect(distinct.count == listed.count, "\(kind): node \(n) at \(t) lists a dependency twice: \(listed)")
            }
        }
    }

    @Test("at the last step every listed dependency has a non-zero β: each β term is exercised, none is spurious",
          arguments: Kind.allCases)
    func everyListedTermIsExercised(kind: Kind) {
        let (net, inputs) = Self.network(kind)
        let x = net.simulate(inputs: inputs), t = inputs.count - 1
        for n in 0..<net.nodeCount {
            for (n2, t2) in net.dependencies(node: n, time: t) {
                let β = net.sensitivity(node: n, time: t, to: n2, time: t2, states: x, inputs: inputs)
                #expect(abs(β) > Self.nonZero, "\(kind): β at (n, t, n′, t′) = (\(n), \(t), \(n2), \(t2)) is \(β)")
            }
        }
    }

    @Test("the comparison fails on a wrong derivative: β × 1.05 is rejected wherever |β| > 2.5e-4",
          arguments: Kind.allCases)
    func wrongDerivativeIsDetected(kind: Kind) {
        let large = Self.entries(kind).filter { abs($0.analytic) > 2.5e-4 }
        #expect(large.count > 20)
        for e in large {
            #expect(!Self.agree(finiteDifference: e.finiteDifference, analytic: 1.05 * e.analytic),
                    "\(kind): a 5 % error at \(e) passes (β = \(e.analytic))")
        }
    }

    @Test("a unit type's direct value(node:time:) equals φ_0 + Σ_d W_d φ_d built from its kernels",
          arguments: Kind.allCases)
    func directValueEqualsKernelSum(kind: Kind) {
        let (net, i) = Self.network(kind)
        let x = net.simulate(inputs: i)
        for t in x.indices {
            for n in 0..<net.nodeCount {
                let direct = net.value(node: n, time: t, states: x, inputs: i)
                let built = net.value(node: n, kernels: net.kernels(node: n, time: t, states: x, inputs: i))
                #expect(abs(direct - built) <= 1e-12 * max(1, abs(built)), "node \(n), t = \(t): \(direct) vs \(built)")
            }
        }
    }

    @Test("LSTM simulation equals a plain implementation of the recurrence to 1e-12")
    func longShortTermMemoryOracle() {
        let n = 2, m = 2
        var g = SeededGenerator(seed: 6)
        let normal = NormalDistribution()
        // Rows [α, W_n·, V_n·] of the gate and [α, P_n, W_n·, V_n·] of the out, forget, in modulators.
        let gate = (0..<n).map { _ in normal.samples(1 + n + m, using: &g) }
        let modulators = (0..<3).map { _ in (0..<n).map { _ in normal.samples(2 + n + m, using: &g) } }
        let net = LongShortTermMemoryNetwork(units: n, inputs: m, offset: .free) { node, d in
            let role = node / n, unit = node % n
            return role == 2 ? gate[unit][d - 1] : modulators[role - 3][unit][d - 1]
        }
        let inputs = Self.inputs(m, seed: 7)
        let x = net.simulate(inputs: inputs)

        func σ(_ u: Double) -> Double { 1 / (1 + exp(-4 * u)) }
        func dot(_ w: ArraySlice<Double>, _ v: [Double]) -> Double { zip(w, v).reduce(0) { $0 + $1.0 * $1.1 } }
        var output = [Double](repeating: 0, count: n), state = output
        for t in 0..<inputs.count {
            let input = t > 0 ? inputs[t - 1] : [Double](repeating: 0, count: m)
            let previous = output + input
            let gates = (0..<n).map { k in gate[k][0] + dot(gate[k][1...], previous) }
            let y = modulators.map { rows in
                (0..<n).map { k in rows[k][0] + rows[k][1] * state[k] + dot(rows[k][2...], previous) }
            }
            state = (0..<n).map { k in σ(y[1][k]) * state[k] + σ(y[2][k]) * tanh(gates[k]) }
            output = (0..<n).map { k in σ(y[0][k]) * tanh(state[k]) }
            let expected = output + state + gates + y[0] + y[1] + y[2]
            for node in 0..<(6 * n) {
                #expect(abs(x[t][node] - expected[node]) <= 1e-12,
                        "node \(node) at t = \(t): expected \(expected[node]), got \(x[t][node])")
            }
        }
        #expect(x.joined().allSatisfy { $0.isFinite } && x.last!.prefix(n).contains { abs($0) > 1e-3 },
                "the oracle compares a trivial trajectory")
    }

    @Test("LSTM defaults: outputs are nodes 0 ..< N, offsets fixed at 0, peepholes and connections free")
    func longShortTermMemoryDefaults() {
        var net = LongShortTermMemoryNetwork(units: 2, inputs: 1)
        #expect(net.nodeCount == 12 && net.outputCount == 2 && net.window == 1)
        #expect(net.weights.values.map(\.count) == [0, 0, 0, 0, 4, 4, 5, 5, 5, 5, 5, 5])
        net.weights.set(node: 4, kernel: 1, to: 1)   // gate offset: fixed
        net.weights.set(node: 6, kernel: 2, to: 2)   // out peephole: free
        net.weights.set(node: 6, kernel: 3, to: 3)   // out recurrent weight: free
        #expect(net.weights[node: 4, kernel: 1] == 0)
        #expect(net.weights[node: 6, kernel: 2] == 2 && net.weights[node: 6, kernel: 3] == 3)
        #expect(net.index(.inputModulator, unit: 1) == 11 && net.role(of: 7) == (.outputModulator, 1))
    }
}
