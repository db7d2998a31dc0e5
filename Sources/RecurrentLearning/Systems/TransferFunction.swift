/// A neuron's transfer function g, with its derivative g′: the rate a unit
/// gives for an input. The rate models of `RateFormNetwork`,
/// `CurrentFormNetwork` and `SynapticRateNetwork` take any of them: a
/// textbook `Activation`, or the f–I curve measured from a LIF population (`FICurve`).
///
/// Mathematical property: `derivative(u)` = dg/du (checked against central differences).
public protocol TransferFunction: Sendable {
    func value(_ u: Double) -> Double
    func derivative(_ u: Double) -> Double
}

extension Activation: TransferFunction {}
