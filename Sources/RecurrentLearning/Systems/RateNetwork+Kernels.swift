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
/// Each kernel evaluates the formula of the `RateNetwork` method it replaces in
/// the same order of operations, so the fast paths agree with the generic ones
/// to rounding (the forward pass bit for bit). The tricks:
/// - W, U and b are read in place and the scratch vectors are allocated once
///   per gradient (`with(_:_:)`): a step allocates nothing and checks no
///   bounds or array uniqueness.
/// - φ(r) is evaluated once per state; φ′ comes from φ (`slope(fromValue:)`).
///   For tanh, `activate` calls `fastTanh` directly in its loop, which the
///   compiler then vectorises.
/// - W φ and U x are the same dgemv calls as in `rate`, so the states are
///   bit for bit those of `simulate`; dgemv even at n = 4 (measured: plain
///   Swift loops, compiled for baseline SSE2 without FMA, are no faster at
///   n = 4 … 16 and slower above).
/// - The backward product Wᵀa is a non-transposed dgemv on a transposed copy
///   of W made once per gradient (`transpose`): measured faster here than the
///   transposed dgemv on W (BPTT at n = 256: 15.9 → 15.0 ms).
struct RateKernels {
    let n: Int
    let k: Int
    let τ: Double
    let activation: Activation
    /// W (n × n), U (n × k, nil when k = 0), b (n), column-major.
    let w: UnsafePointer<Double>
    let u: UnsafePointer<Double>?
    let b: UnsafePointer<Double>
    /// Wᵀ (n × n), for the backward product.
    let wt: UnsafeMutablePointer<Double>
    /// Scratch vectors of length n.
    let drive, fromInput: UnsafeMutablePointer<Double>

    /// Runs `body` with kernels reading `network`'s own storage.
    static func with<R>(_ network: RateNetwork, _ body: (RateKernels) -> R) -> R {
        let n = network.stateCount, k = network.inputCount
        return network.weights.elements.withUnsafeBufferPointer { w in
            network.inputWeights.elements.withUnsafeBufferPointer { u in
                network.bias.withUnsafeBufferPointer { b in
                    ScratchPool.shared.withBuffers([n * n, n, n]) { scratch in
                        let kernels = RateKernels(
                            n: n, k: k, τ: network.timeConstant, activation: network.activation,
                            w: w.baseAddress ?? UnsafePointer(scratch[1]), u: k > 0 ? u.baseAddress : nil,
                            b: b.baseAddress ?? UnsafePointer(scratch[1]),
                            wt: scratch[0], drive: scratch[1], fromInput: scratch[2])
                        transpose(kernels.w, n: n, into: kernels.wt)
                        return body(kernels)
                    }
                }
            }
        }
    }

    /// t ← aᵀ for n × n column-major matrices, in 32 × 32 tiles so that both
    /// the reads and the strided writes stay within a few cache lines per tile.
    private static func transpose(_ a: UnsafePointer<Double>, n: Int, into t: UnsafeMutablePointer<Double>) {
        let tile = 32
        for j0 in stride(from: 0, to: n, by: tile) {
            for i0 in stride(from: 0, to: n, by: tile) {
                for j in j0..<min(j0 + tile, n) {
                    for i in i0..<min(i0 + tile, n) { t[j + i * n] = a[i + j * n] }
                }
            }
        }
    }

    /// φ[i] ← φ(r[i]).
    func activate(_ r: UnsafePointer<Double>, into φ: UnsafeMutablePointer<Double>) {
        switch activation {   // one switch per state, not one per component
        case .tanh: for i in 0..<n { φ[i] = fastTanh(r[i]) }
        case .logistic: for i in 0..<n { φ[i] = Activation.logistic.value(r[i]) }
        case .rectified: for i in 0..<n { φ[i] = max(r[i], 0) }
        }
    }

    /// φ′[i] ← φ′ from φ[i].
    func slopes(_ φ: UnsafePointer<Double>, into slope: UnsafeMutablePointer<Double>) {
        let activation = activation
        for i in 0..<n { slope[i] = activation.slope(fromValue: φ[i]) }
    }

    /// next ← r + Δt F(r, x), given φ = φ(r): `Integrator.euler` with `rate`,
    /// F = (−r + Wφ + Ux + b)/τ summed in that order.
    func eulerStep(_ r: UnsafePointer<Double>, values φ: UnsafePointer<Double>, input x: UnsafePointer<Double>,
                   timeStep Δt: Double, into next: UnsafeMutablePointer<Double>) {
        BLAS.gemv(m: n, n: n, alpha: 1, w, φ, beta: 0, drive)
        if let u {
            BLAS.gemv(m: n, n: k, alpha: 1, u, x, beta: 0, fromInput)
        } else {
            fromInput.update(repeating: 0, count: n)
        }
        let τ = τ
        for i in 0..<n {
            next[i] = r[i] + Δt * ((-r[i] + drive[i] + fromInput[i] + b[i]) / τ)
        }
    }

    /// previous ← a + Δt (aᵀJ)ᵀ with aᵀJ = (−a + (aᵀW) ∘ φ′)/τ (`stateVJP`):
    /// one BPTT adjoint step, O(n²).
    func adjointStep(_ a: UnsafePointer<Double>, slopes slope: UnsafePointer<Double>, timeStep Δt: Double,
                     into previous: UnsafeMutablePointer<Double>) {
        BLAS.gemv(m: n, n: n, alpha: 1, wt, a, beta: 0, drive)   // Wᵀa
        let τ = τ
        for j in 0..<n {
            previous[j] = a[j] + Δt * ((-a[j] + drive[j] * slope[j]) / τ)
        }
    }
}
