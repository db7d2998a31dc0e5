/// A model whose dynamics descend an energy E_w(r, x). The toolkit's one sign convention:
///
///     F_w(r, x) = −∂E_w/∂r (r, x),     J = ∂F/∂r = −∂²E/∂r²,     ∂F/∂w = −∂²E/∂r∂w.
///
/// F is the descent direction: along a trajectory dE/dt = −‖F‖² ≤ 0, the stable fixed
/// points are the minima of E, and J, minus a Hessian, is symmetric. That symmetry,
/// J⁻ᵀ = J⁻¹, is what equilibrium propagation needs (`EquilibriumPropagation`): the
/// derivative of the nudged fixed point, (dr*_λ/dλ)ᵀ = −(∂l/∂r) J⁻ᵀ, is then the adjoint
/// v* = −(∂l/∂r) J⁻¹ of the implicit gradient. Its contrastive form needs ∂E/∂w:
///
///     dl/dw = (dr*/dλ)ᵀ ∂F/∂w = −d/dλ [∂E/∂w (r*_λ)] at λ = 0.
public protocol EnergyModel: DynamicalSystem {
    /// E_w(r, x).
    func energy(_ r: [Double], input x: [Double]) -> Double
    /// ∂E/∂w at (r, x), one entry per parameter, in the order of `parameters`.
    func energyParameterGradient(_ r: [Double], input x: [Double]) -> [Double]
}
