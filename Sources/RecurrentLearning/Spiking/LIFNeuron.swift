import Foundation

/// A leaky integrate-and-fire (LIF) neuron:
///
/// ```
/// τ_m du/dt = −(u − u_rest) + I(t)
/// u(t) ≥ V_th  →  a spike at t, then u = u_reset, held for the refractory period τ_ref
/// ```
///
/// The input current I is given in millivolts: it stands for R I, the
/// potential above rest at which the current would hold the membrane
/// (u_∞ = u_rest + I). Times are in seconds, potentials in mV, rates in Hz.
///
/// Mathematical properties (checked in the tests):
/// - For constant I with u_∞ = u_rest + I > V_th the neuron fires regularly;
///   starting at u_reset, u(t) = u_∞ + (u_reset − u_∞) e^(−t/τ_m) reaches V_th after
///   T_cross = τ_m ln((u_∞ − u_reset)/(u_∞ − V_th)), so its rate is the closed form
///   f(I) = 1/(τ_ref + T_cross)  (`firingRate(current:)`); f(I) = 0 when u_∞ ≤ V_th.
/// - Stepped with Δt (`LIFPopulation`), a spike is seen at the first step at or
///   after the crossing, so each interval is rounded up to the step grid:
///   f_Δt(I) = 1/(Δt (n_ref + ⌈T_cross/Δt⌉)), n_ref = τ_ref/Δt steps
///   (`firingRate(current:timeStep:)`). It differs from f(I) by less than one
///   step per interval: f_Δt ≤ f < 1/(1/f_Δt − Δt).
public struct LIFNeuron: Sendable, Equatable {
    /// τ_m, in s.
    public var membraneTimeConstant: Double
    /// u_rest, in mV.
    public var restingPotential: Double
    /// V_th, in mV.
    public var threshold: Double
    /// u_reset, in mV (below V_th).
    public var resetPotential: Double
    /// τ_ref, in s.
    public var refractoryPeriod: Double

    public init(membraneTimeConstant: Double = 0.020, restingPotential: Double = -65, threshold: Double = -50,
                resetPotential: Double = -65, refractoryPeriod: Double = 0.002) {
        precondition(membraneTimeConstant > 0, "τ_m must be positive, got \(membraneTimeConstant)")
        precondition(resetPotential < threshold, "u_reset (\(resetPotential)) must lie below V_th (\(threshold))")
        precondition(refractoryPeriod >= 0, "τ_ref must not be negative, got \(refractoryPeriod)")
        self.membraneTimeConstant = membraneTimeConstant
        self.restingPotential = restingPotential
        self.threshold = threshold
        self.resetPotential = resetPotential
        self.refractoryPeriod = refractoryPeriod
    }

    /// I_rh = V_th − u_rest: the smallest constant current that makes the noiseless neuron fire.
    public var rheobase: Double { threshold - restingPotential }

    /// T_cross = τ_m ln((u_∞ − u_reset)/(u_∞ − V_th)), the time from reset to threshold;
    /// nil when u_∞ ≤ V_th (the neuron never fires).
    public func timeToThreshold(current: Double) -> Double? {
        let uInfinity = restingPotential + current
        guard uInfinity > threshold else { return nil }
        return membraneTimeConstant * log((uInfinity - resetPotential) / (uInfinity - threshold))
    }

    /// f(I) = 1/(τ_ref + T_cross), the closed-form rate of the noiseless neuron, in Hz.
    public func firingRate(current: Double) -> Double {
        guard let crossing = timeToThreshold(current: current) else { return 0 }
        return 1 / (refractoryPeriod + crossing)
    }

    /// f_Δt(I) = 1/(Δt (n_ref + ⌈T_cross/Δt⌉)): the rate of the noiseless neuron as
    /// `LIFPopulation` steps it with Δt, in Hz.
    public func firingRate(current: Double, timeStep Δt: Double) -> Double {
        guard let crossing = timeToThreshold(current: current) else { return 0 }
        let steps = refractorySteps(timeStep: Δt) + Int((crossing / Δt).rounded(.up))
        return 1 / (Double(steps) * Δt)
    }

    /// n_ref = τ_ref/Δt, rounded to the nearest whole step.
    public func refractorySteps(timeStep Δt: Double) -> Int {
        Int((refractoryPeriod / Δt).rounded())
    }
}
