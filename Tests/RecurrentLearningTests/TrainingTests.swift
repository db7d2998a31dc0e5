import Foundation
import RecurrentLearning
import Testing

@Suite("Gradient-descent training")
struct TrainingTests {
    @Test("the loss decreases every epoch on the homework model over 10 epochs", arguments: GradientMethod.allCases)
    func lossDecreases(method: GradientMethod) throws {
        let problem = homeworkProblem(seed: 2024)
        let (trained, history) = try problem.trained(epochs: 10, learningRate: 0.1, method: method)
        let losses = history.map(\.loss)
        // η = 0.1 is well below 2 / (largest curvature of L): every step descends.
        #expect(zip(losses, losses.dropFirst()).allSatisfy { $1 < $0 }, "losses \(losses)")
        #expect(trained.lossValue < losses.last!)
        #expect(losses.first! == problem.lossValue)          // record k holds the loss before update k
    }

    @Test("each record's parameters are the previous ones minus η times its gradient")
    func updateRule() throws {
        let η = 0.05
        let problem = rateNetworkProblem(seed: 3, timeStep: 0.2, steps: 40, units: 4)
        let (_, history) = try problem.trained(epochs: 3, learningRate: η, method: .bptt)
        var previous = problem.system.parameters
        for record in history {
            // `trained` performs exactly this operation: identical arithmetic, tolerance 0.
            expectClose(record.parameters, Vector.adding(previous, record.gradient, scaledBy: -η),
                        within: 0, "epoch \(record.epoch) update")
            previous = record.parameters
        }
        // And the gradient of each record is the one at that epoch's parameters
        // (the same computation repeated: tolerance 0).
        let second = problem.system.with(parameters: history[0].parameters)
        var atSecond = problem
        atSecond.system = second
        expectClose(history[1].gradient, BPTT.gradient(atSecond).gradient, within: 0, "epoch 2 gradient")
    }

    @Test("RTRL and BPTT training follow the same path")
    func methodsAgreeOverTraining() throws {
        let problem = rateNetworkProblem(seed: 4, timeStep: 0.2, steps: 60, units: 4)
        let rtrl = try problem.trained(epochs: 5, learningRate: 0.2, method: .rtrl).history
        let bptt = try problem.trained(epochs: 5, learningRate: 0.2, method: .bptt).history
        for (a, b) in zip(rtrl, bptt) {
            // Same gradient to rounding (see GradientAgreementTests), five small steps.
            expectClose(a.parameters, b.parameters, within: 1e-12, "epoch \(a.epoch) parameters")
            expectClose(a.loss, b.loss, within: 1e-12, "epoch \(a.epoch) loss")
        }
    }

    @Test("zero epochs return the problem unchanged and an empty history")
    func zeroEpochs() throws {
        let problem = homeworkProblem(seed: 1)
        let (trained, history) = try problem.trained(epochs: 0, learningRate: 0.1)
        #expect(history.isEmpty)
        #expect(trained.system.parameters == problem.system.parameters)
    }

    @Test("a learning rate that diverges throws TrainingError.diverged instead of returning NaN",
          arguments: GradientMethod.allCases)
    func divergenceThrows(method: GradientMethod) {
        let problem = homeworkProblem(seed: 2024)
        // η = 1e4: the first step sends w to ~10³, the Euler map then multiplies r
        // by ~(1 + Δt w)^T per epoch, and the loss overflows within a few epochs.
        do {
            let (_, history) = try problem.trained(epochs: 50, learningRate: 1e4, method: method)
            Issue.record("training returned instead of throwing; last loss \(history.last?.loss ?? .nan)")
        } catch {
            guard case let .diverged(epoch, _) = error else { return }
            #expect(epoch > 1 && epoch <= 50, "diverged at epoch \(epoch)")
        }
    }

    @Test("an update that overflows the parameters throws, even in the last epoch")
    func overflowingUpdateThrows() {
        // At w = b = 1 the homework loss and gradient are finite, but η = 1e308
        // times a gradient larger than 1.8 overflows w to −∞. Without a check
        // after the update, a one-epoch run would return w = −∞.
        let problem = homeworkProblem(seed: 2024)
        #expect(throws: TrainingError.self) {
            let (trained, _) = try problem.trained(epochs: 1, learningRate: 1e308)
            return trained.system.parameters
        }
    }

    @Test("whatever the learning rate, training never returns non-finite numbers",
          arguments: [1e2, 1e4, 1e6, 1e10, 1e100, 1e300, 1e308])
    func neverReturnsNonFinite(learningRate η: Double) {
        let problem = homeworkProblem(seed: 2024)
        for epochs in 1...8 {
            // Either a clean history with finite numbers throughout, or `.diverged`.
            guard let (trained, history) = try? problem.trained(epochs: epochs, learningRate: η) else { continue }
            let numbers = history.flatMap { [$0.loss] + $0.gradient + $0.parameters } + trained.system.parameters
            #expect(numbers.allSatisfy { $0.isFinite }, "η = \(η), \(epochs) epochs returned \(trained.system.parameters)")
        }
    }
}
