import Foundation
import RecurrentLearning
import Testing

@Suite("Homework model dr/dt = −r + w r + b + x: closed forms")
struct HomeworkModelTests {
    static let cases: [(w: Double, b: Double, x: Double)] = [
        (0.5, 1, 0.3), (-2, 0.7, -1.1), (0.99, -0.4, 0.05), (1.5, 1, 0.2), (3, -2, 0.5),
    ]

    @Test("r* = (b + x)/(1 − w) is a zero of the rate")
    func fixedPointIsZeroOfRate() throws {
        for c in Self.cases {
            let model = HomeworkModel(w: c.w, b: c.b)
            let rStar = try #require(model.fixedPoint(input: c.x))
            // The library evaluates this same formula: identical arithmetic, tolerance 0.
            expectClose(rStar, (c.b + c.x) / (1 - c.w), within: 0, "r* for w = \(c.w)")
            // F(r*) = (w − 1) r* + b + x cancels terms of size |b + x|: a few ulps
            // of max(1, |b + x|), 1e-14 with a margin.
            let residual = model.rate([rStar], input: [c.x])[0]
            #expect(abs(residual) <= 1e-14 * max(1, abs(c.b + c.x)), "F(r*) = \(residual) for w = \(c.w)")
        }
    }

    @Test("w = 1 has no fixed point")
    func noFixedPointAtOne() {
        #expect(HomeworkModel(w: 1, b: 1).fixedPoint(input: 0.2) == nil)
    }

    @Test("with w < 1 the Euler trajectory converges to r*")
    func convergesWhenStable() throws {
        let model = HomeworkModel(w: 0.5, b: 1), x = 0.3, Δt = 0.1
        let rStar = try #require(model.fixedPoint(input: x))
        let trajectory = model.simulate(from: [-1], inputs: Array(repeating: [x], count: 600), timeStep: Δt)
        let distances = trajectory.series(0).map { abs($0 - rStar) }
        // The Euler map contracts r − r* by exactly 1 + Δt (w − 1) = 0.95 a step:
        // 0.95⁶⁰⁰ · |r₀ − r*| ≈ 4e-14 · 3.6, so 1e-12 leaves room for rounding.
        #expect(distances.last! <= 1e-12, "distance to r* after 600 steps: \(distances.last!)")
        // Strictly shrinking while the distance is far above rounding (0.95⁴⁰⁰ · 3.6 ≈ 4e-9).
        let early = distances.prefix(401)
        #expect(zip(early, early.dropFirst()).allSatisfy { $1 < $0 }, "distance must shrink every step")
        // The per-step factor itself: ratio of consecutive distances (early, away from rounding).
        expectClose(distances[11] / distances[10], 0.95, within: 1e-12, "contraction factor")
    }

    @Test("with w > 1 the Euler trajectory runs away from r*")
    func divergesWhenUnstable() throws {
        let model = HomeworkModel(w: 1.5, b: 1), x = 0.3, Δt = 0.1
        let rStar = try #require(model.fixedPoint(input: x))
        let start = rStar + 1e-3
        let trajectory = model.simulate(from: [start], inputs: Array(repeating: [x], count: 500), timeStep: Δt)
        let distances = trajectory.series(0).map { abs($0 - rStar) }
        // Each step multiplies r − r* by 1.05: after 500 steps by 1.05⁵⁰⁰ ≈ 4e10.
        #expect(zip(distances, distances.dropFirst()).allSatisfy { $1 > $0 }, "distance must grow every step")
        #expect(distances.last! / distances.first! > 1e10)
    }

    @Test("isStable is exactly w < 1")
    func stabilityFlag() {
        #expect(HomeworkModel(w: 0.999, b: 1).isStable)
        #expect(HomeworkModel(w: -5, b: 1).isStable)
        #expect(!HomeworkModel(w: 1, b: 1).isStable)
        #expect(!HomeworkModel(w: 1.001, b: 1).isStable)
    }

    @Test("J = w − 1 and ∂F/∂(w, b) = (r, 1), and J's eigenvalue decides stability")
    func jacobians() throws {
        for c in Self.cases {
            let model = HomeworkModel(w: c.w, b: c.b)
            // J and ∂F/∂w are the entries w − 1, r and 1 themselves, and the
            // eigenvalue of a 1 × 1 matrix is its entry: all exact (==).
            let j = model.stateJacobian([0.37], input: [c.x])
            #expect(j == Matrix([[c.w - 1]]))
            #expect(model.parameterJacobian([0.37], input: [c.x]) == Matrix([[0.37, 1]]))
            let λ = try j.eigenvalues()
            #expect(λ.count == 1 && λ[0].real == c.w - 1 && λ[0].imaginary == 0)
            #expect((λ[0].real < 0) == model.isStable)
        }
    }

    @Test("parameters are (w, b) in that order, and setting them sets w and b")
    func parameters() {
        var model = HomeworkModel()
        #expect(model.w == 1 && model.b == 1)             // the course's start
        #expect(model.parameters == [1, 1] && model.parameterNames == ["w", "b"])
        model.parameters = [0.25, -3]
        #expect(model.w == 0.25 && model.b == -3)
        #expect(model.with(parameters: [2, 5]).parameters == [2, 5])
        #expect(model.stateCount == 1 && model.inputCount == 1 && model.parameterCount == 2)
    }
}
