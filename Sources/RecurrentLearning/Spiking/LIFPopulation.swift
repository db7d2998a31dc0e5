import Foundation

/// N LIF neurons (`LIFNeuron`), uncoupled, each with its own membrane noise:
///
/// ```
/// τ_m du_i = (−(u_i − u_rest) + I(t) + I_i) dt + σ √(2τ_m) dB_i(t)
/// ```
///
/// - I(t) is common to all neurons, I_i a constant offset of neuron i (0 unless given),
///   B_i independent Brownian motions; σ is the standard deviation the noise gives
///   the free membrane (in mV).
/// - Time stepping is event-free: a fixed step Δt, the input held constant over a step,
///   and the membrane advanced by the step's exact solution (an Ornstein–Uhlenbeck step)
///
///   ```
///   u ← u_∞ + (u − u_∞) a + σ √(1 − a²) ξ,   a = e^(−Δt/τ_m),  u_∞ = u_rest + I(t) + I_i,  ξ ~ N(0, 1)
///   ```
///
///   so the only discretisation is the spike time: a spike is seen at the end of the step in
///   which u reaches V_th; u is then set to u_reset and held for n_ref = τ_ref/Δt steps.
/// - Only spikes are recorded, as events (`SpikeRecord`): memory grows with the number of
///   spikes, not with N × steps, and rates are read out afterwards in bins of any width.
/// - Initial potentials are drawn uniformly in [u_reset, V_th), so the neurons start at
///   random phases rather than in lock-step.
///
/// With σ = 0 every neuron is the noiseless neuron and fires at `LIFNeuron.firingRate(current:timeStep:)`.
public struct LIFPopulation: Sendable {
    public var neuron: LIFNeuron
    /// N.
    public var size: Int
    /// σ, in mV.
    public var noise: Double

    public init(neuron: LIFNeuron = LIFNeuron(), size: Int, noise: Double) {
        precondition(size > 0, "a population needs at least one neuron, got \(size)")
        precondition(noise >= 0, "noise σ must not be negative, got \(noise)")
        self.neuron = neuron
        self.size = size
        self.noise = noise
    }

    /// Runs the population for `current.count` steps of Δt; neuron i receives
    /// I(t) = `current[step]` plus `offsets[i]`.
    public func simulate(current: [Double], offsets: [Double]? = nil, timeStep Δt: Double,
                         using rng: inout SeededGenerator) -> SpikeRecord {
        precondition(Δt > 0, "time step must be positive, got \(Δt)")
        precondition(offsets == nil || offsets!.count == size,
                     "\(offsets?.count ?? 0) current offsets for \(size) neurons")
        let n = size, p = neuron
        let a = exp(-Δt / p.membraneTimeConstant)
        let kick = noise * (1 - a * a).squareRoot()
        let refractory = Int32(p.refractorySteps(timeStep: Δt))
        let resting = p.restingPotential, threshold = p.threshold, reset = p.resetPotential
        let offset = offsets ?? [Double](repeating: 0, count: n)

        var u = (0..<n).map { _ in rng.uniform(reset, threshold) }
        var held = [Int32](repeating: 0, count: n)          // refractory steps left
        var ξ = [Double](repeating: 0, count: n)
        var record = SpikeRecord(neuronCount: n, stepCount: current.count, timeStep: Δt)
        let standardNormal = NormalDistribution()
        for step in current.indices {
            if kick > 0 { standardNormal.fill(&ξ, using: &rng) }
            let drive = resting + current[step]
            for i in 0..<n {
                if held[i] > 0 { held[i] -= 1; continue }
                let uInfinity = drive + offset[i]
                let next = uInfinity + (u[i] - uInfinity) * a + kick * ξ[i]
                if next >= threshold {
                    record.append(step: step, neuron: i)
                    u[i] = reset
                    held[i] = refractory
                } else {
                    u[i] = next
                }
            }
        }
        return record
    }
}
