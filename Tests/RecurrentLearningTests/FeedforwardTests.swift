import Foundation
import RecurrentLearning
import Testing

/// A feedforward net as a fixed point: r* is the forward pass, J is block lower-
/// triangular, v* holds backprop's error signals, and the implicit gradient is backprop's.
@Suite("Feedforward networks as fixed points")
struct FeedforwardTests {
    static func network(seed: UInt64) -> FeedforwardNetwork {
        var rng = SeededGenerator(seed: seed)
        return FeedforwardNetwork(widths: [3, 5, 4, 2], activations: [.tanh, .logistic, .tanh], using: &rng)
    }

    /// Backpropagation written out layer by layer for l = ½‖r_L − y‖², independent of the library's Jacobians:
    /// δ_L = (r_L − y) ⊙ f′(u_L), δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(u_l); dl/dW_l = δ_l r_{l−1}ᵀ, dl/db_l = δ_l.
    static func backprop(_ net: FeedforwardNetwork, x: [Double], y: [Double]) -> [Double] {
        var inputs = [x], pre: [[Double]] = []
        for l in 0..<net.layerCount {
            let W = net.weights[l], below = inputs.last!
            let u = (0..<W.rows).map { i in (0..<W.columns).reduce(net.biases[l][i]) { $0 + W[i, $1] * below[$1] } }
            pre.append(u)
            inputs.append(u.map(net.activations[l].value))
        }
        var δ = zip(inputs.last!, y).map { $0 - $1 }
        var grads = [[Double]](repeating: [], count: net.layerCount)
        for l in stride(from: net.layerCount - 1, through: 0, by: -1) {
            δ = zip(δ, pre[l]).map { $0 * net.activations[l].derivative($1) }
            let W = net.weights[l], below = inputs[l]
            grads[l] = (0..<W.columns).flatMap { j in (0..<W.rows).map { i in δ[i] * below[j] } } + δ
            δ = (0..<W.columns).map { j in (0..<W.rows).reduce(0) { $0 + W[$1, j] * δ[$1] } }
        }
        return grads.flatMap { $0 }
    }

    @Test("the fixed point is the forward pass; J is block lower-triangular with −I on the diagonal")
    func forwardPass() throws {
        let net = Self.network(seed: 1), x = [0.3, -0.7, 1.1]
        let point = try FixedPointSolver(.relaxation(timeStep: 0.5), tolerance: 1e-13).solve(net, input: x, from: [Double](repeating: 0, count: 11))
        expectClose(point.state, net.forward(x).flatMap { $0 }, within: 1e-12, "r* vs the forward pass")
        let J = net.stateJacobian(point.state, input: x)
        for i in 0..<11 { for j in 0..<11 where j >= i { #expect(J[i, j] == (i == j ? -1 : 0), "J[\(i), \(j)]") } }
        #expect(try J.eigenvalues().allSatisfy { $0.real == -1 && $0.imaginary == 0 })
        expectClose(J.elements, FiniteDifferences.jacobian(at: point.state) { net.rate($0, input: x) }.elements, within: 1e-8, "J vs differences")
        let D = net.parameterJacobian(point.state, input: x)
        let numericD = FiniteDifferences.jacobian(at: net.parameters) { net.with(parameters: $0).rate(point.state, input: x) }
        expectClose(D.elements, numericD.elements, within: 1e-8, "∂F/∂w vs differences")
    }

    @Test("the implicit gradient, by solve and by the adjoint, equals backpropagation to 1e-12", arguments: [1, 2, 3] as [UInt64])
    func implicitIsBackprop(seed: UInt64) throws {
        let net = Self.network(seed: seed)
        var rng = SeededGenerator(seed: seed + 100)
        let x = (0..<3).map { _ in rng.uniform(-1, 1) }, y = [rng.uniform(-0.5, 0.5), rng.uniform(-0.5, 0.5)]
        let readout = [9, 10]                                        // the last layer's two units
        let problem = FixedPointProblem(system: net, inputs: [x], targets: [y], readout: readout,
                                        solver: FixedPointSolver(.relaxation(timeStep: 0.5), tolerance: 1e-14))
        let expected = Self.backprop(net, x: x, y: y)
        expectClose(try ImplicitGradient.bySolve(problem).gradient, expected, within: 1e-12, "by solve vs backprop")
        expectClose(try ImplicitGradient.byAdjoint(problem, timeStep: 0.5, tolerance: 1e-15).gradient, expected,
                    within: 1e-12, "adjoint vs backprop")
        expectClose(try problem.finiteDifferenceGradient(), expected, within: 1e-6, "central differences vs backprop")
    }
}
