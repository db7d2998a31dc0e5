/// One time step of dr/dt = F(r, x), the input held constant over the step.
///
/// ```
/// Euler:  r' = r + Δt F(r, x)
/// RK4:    k₁ = F(r),  k₂ = F(r + Δt k₁/2),  k₃ = F(r + Δt k₂/2),  k₄ = F(r + Δt k₃)
///         r' = r + Δt (k₁ + 2k₂ + 2k₃ + k₄)/6
/// ```
///
/// Learning uses Euler: RTRL and BPTT differentiate exactly that map, so
/// their gradients are the exact gradients of the simulated (discretised) loss.
/// RK4 (local error O(Δt⁵)) is for accurate reference trajectories.
public enum Integrator: String, Sendable, CaseIterable {
    case euler
    case rungeKutta4

    public func step<S: DynamicalSystem>(_ system: S, state r: [Double], input x: [Double], timeStep Δt: Double) -> [Double] {
        switch self {
        case .euler:
            return Vector.adding(r, system.rate(r, input: x), scaledBy: Δt)
        case .rungeKutta4:
            let k1 = system.rate(r, input: x)
            let k2 = system.rate(Vector.adding(r, k1, scaledBy: Δt / 2), input: x)
            let k3 = system.rate(Vector.adding(r, k2, scaledBy: Δt / 2), input: x)
            let k4 = system.rate(Vector.adding(r, k3, scaledBy: Δt), input: x)
            var next = r
            for i in next.indices {
                next[i] += Δt * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) / 6
            }
            return next
        }
    }
}
