/// The spikes of a population, stored as events (step, neuron) in time order.
///
/// Step k covers [kΔt, (k+1)Δt); a spike recorded in step k happened at t = (k+1)Δt.
/// The population rate over a bin of B steps and a group of M neurons is
///
/// ```
/// A = (number of spikes of the group in the bin) / (M · B Δt)   (Hz)
/// ```
public struct SpikeRecord: Sendable, Equatable {
    public let neuronCount: Int
    public let stepCount: Int
    /// Δt, in s.
    public let timeStep: Double
    /// The step of each spike, in time order.
    public private(set) var steps: [Int32] = []
    /// The neuron of each spike.
    public private(set) var neurons: [Int32] = []

    public init(neuronCount: Int, stepCount: Int, timeStep: Double) {
        self.neuronCount = neuronCount
        self.stepCount = stepCount
        self.timeStep = timeStep
    }

    mutating func append(step: Int, neuron: Int) {
        steps.append(Int32(step))
        neurons.append(Int32(neuron))
    }

    public var spikeCount: Int { steps.count }

    /// The number of spikes of each neuron.
    public func countsPerNeuron() -> [Int] {
        var counts = [Int](repeating: 0, count: neuronCount)
        for i in neurons { counts[Int(i)] += 1 }
        return counts
    }

    /// Spike times (s) of one neuron.
    public func spikeTimes(neuron: Int) -> [Double] {
        zip(steps, neurons).compactMap { s, i in i == neuron ? Double(s + 1) * timeStep : nil }
    }

    /// The intervals between consecutive spikes of one neuron (s).
    public func interspikeIntervals(neuron: Int) -> [Double] {
        let times = spikeTimes(neuron: neuron)
        return zip(times.dropFirst(), times).map { $0 - $1 }
    }

    /// A(t) of the whole population, in bins of `binSteps` steps (Hz); a last,
    /// incomplete bin is dropped.
    public func populationRate(binSteps: Int) -> [Double] {
        populationRates(binSteps: binSteps, groupSize: neuronCount)[0]
    }

    /// A(t) of each group of M = `groupSize` consecutive neurons (0..<M, M..<2M, …;
    /// ⌊N/M⌋ disjoint groups, leftover neurons unused), in bins of `binSteps` steps (Hz).
    /// Disjoint groups of independent neurons are independent populations of size M.
    public func populationRates(binSteps: Int, groupSize: Int) -> [[Double]] {
        precondition(binSteps > 0, "a bin needs at least one step, got \(binSteps)")
        precondition(groupSize > 0 && groupSize <= neuronCount,
                     "group size \(groupSize) must lie in 1...\(neuronCount)")
        let bins = stepCount / binSteps, groups = neuronCount / groupSize
        var counts = [[Double]](repeating: [Double](repeating: 0, count: bins), count: groups)
        for (s, i) in zip(steps, neurons) {
            let bin = Int(s) / binSteps, group = Int(i) / groupSize
            if bin < bins && group < groups { counts[group][bin] += 1 }
        }
        let scale = 1 / (Double(groupSize) * Double(binSteps) * timeStep)
        return counts.map { $0.map { $0 * scale } }
    }
}
