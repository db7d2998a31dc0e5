import CRateKernels
import Foundation

extension Activation {
    /// φ′ computed from φ itself: tanh′ = 1 − φ², logistic′ = φ(1 − φ),
    /// rectified′ = 1 where φ > 0. Each state then needs one evaluation of φ
    /// (tanh or exp, the dearest scalar work of a step), not two.
    /// Bit-identical to `derivative(u)`, which evaluates the same φ(u) first.
    func slope(fromValue φ: Double) -> Double {
        switch self {
        case .tanh: 1 - φ * φ
        case .logistic: φ * (1 - φ)
        case .rectified: φ > 0 ? 1 : 0
        }
    }
}

/// The rate network's per-step arithmetic on raw storage: the inner loops of
/// the RTRL and BPTT fast paths (`RTRL+RateNetwork.swift`, `BPTT+RateNetwork.swift`).
///
/// The Euler step and the adjoint step are the fused C kernels of
/// `CRateKernels` (AVX-512, AVX2 + FMA or plain C, chosen at run time), the
/// same kernels `RateNetwork.rate` and `stateVJP` call: the fast paths'
/// states are bit for bit those of `simulate`, their derivatives equal the
/// generic algorithm's to rounding. The tricks:
/// - W, U and b are read in place: a step allocates nothing, calls no BLAS on
///   a few hundred flops, and checks no bounds or array uniqueness.
/// - φ(r) is evaluated once per state; the adjoint kernel takes φ′ from φ
///   (as `slope(fromValue:)`). tanh is the kernels' eight-lane version of
///   `fastTanh` (bit for bit).
/// - Forward W φ and backward Wᵀa both read the one copy of W in column
///   order, so the working set is one matrix (at n = 256 it stays in L2).
struct RateKernels {
    let n: Int
    let k: Int
    let τ: Double
    let activation: Activation
    /// W (n × n), U (n × k, nil when k = 0), b (n), column-major.
    let w: UnsafePointer<Double>
    let u: UnsafePointer<Double>?
    let b: UnsafePointer<Double>

    /// Runs `body` with kernels reading copies of W, U and b on 64-byte
    /// boundaries (`ScratchPool`): an array's elements are only 16-byte aligned,
    /// and eight-lane loads across cache lines would halve the read rate. One
    /// copy costs one pass over W; a gradient then reads W 2T times.
    static func with<R>(_ network: RateNetwork, _ body: (RateKernels) -> R) -> R {
        let n = network.stateCount, k = network.inputCount
        return network.withStorage { w, u, b in
            ScratchPool.shared.withBuffers([n * n, n * k, n]) { copies in
                copies[0].update(from: w, count: n * n)
                if let u { copies[1].update(from: u, count: n * k) }
                copies[2].update(from: b, count: n)
                return body(RateKernels(n: n, k: k, τ: network.timeConstant, activation: network.activation,
                                        w: copies[0], u: k > 0 ? UnsafePointer(copies[1]) : nil, b: copies[2]))
            }
        }
    }

    /// φ[i] ← φ(r[i]).
    func activate(_ r: UnsafePointer<Double>, into φ: UnsafeMutablePointer<Double>) {
        activation.apply(r, into: φ, count: n)
    }

    /// next ← r + Δt F(r, x), given φ = φ(r): `Integrator.euler` with `rate`.
    func eulerStep(_ r: UnsafePointer<Double>, values φ: UnsafePointer<Double>, input x: UnsafePointer<Double>,
                   timeStep Δt: Double, into next: UnsafeMutablePointer<Double>) {
        rl_rate_euler(n, k, w, u, b, τ, r, φ, k > 0 ? x : nil, Δt, next)
    }

    /// previous ← a + Δt (aᵀJ)ᵀ with aᵀJ = (−a + (aᵀW) ∘ φ′)/τ (`stateVJP`),
    /// φ′ computed from φ = φ(r_t) inside the kernel: one BPTT adjoint step, O(n²).
    func adjointStep(_ a: UnsafePointer<Double>, values φ: UnsafePointer<Double>, timeStep Δt: Double,
                     into previous: UnsafeMutablePointer<Double>) {
        rl_rate_adjoint(n, w, τ, a, φ, activation.kernelCode, Δt, previous)
    }
}

extension Activation {
    /// The kernels' name for this activation (`RL_TANH`, …): they compute φ′ from φ.
    var kernelCode: Int32 {
        switch self {
        case .tanh: Int32(RL_TANH)
        case .logistic: Int32(RL_LOGISTIC)
        case .rectified: Int32(RL_RECTIFIED)
        }
    }

    /// φ[i] ← φ(r[i]) for i < count: tanh through the eight-lane kernel (bit
    /// for bit `value`), the others component by component.
    func apply(_ r: UnsafePointer<Double>, into φ: UnsafeMutablePointer<Double>, count n: Int) {
        switch self {   // one switch per state, not one per component
        case .tanh: rl_tanh(r, φ, n)
        case .logistic: for i in 0..<n { φ[i] = Activation.logistic.value(r[i]) }
        case .rectified: for i in 0..<n { φ[i] = max(r[i], 0) }
        }
    }
}

extension RateNetwork {
    /// Runs `body` with W, U (nil when k = 0) and b in place; never-null
    /// pointers even for n = 0.
    func withStorage<R>(_ body: (UnsafePointer<Double>, UnsafePointer<Double>?, UnsafePointer<Double>) -> R) -> R {
        let k = inputCount
        return weights.elements.withUnsafeBufferPointer { w in
            inputWeights.elements.withUnsafeBufferPointer { u in
                bias.withUnsafeBufferPointer { b in
                    withUnsafePointer(to: 0.0) { none in
                        body(w.baseAddress ?? none, k > 0 ? u.baseAddress : nil, b.baseAddress ?? none)
                    }
                }
            }
        }
    }
}
