import Foundation

extension Activation {
    /// φ′ computed from φ itself: tanh′ = 1 − φ², logistic′ = φ(1 − φ),
    /// rectified′ = 1 where φ > 0. Each state then needs one evaluation of φ
    /// (a `tanh` or `exp` call, the dearest scalar work of a step), not two.
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
/// to rounding. The tricks:
/// - W, U and b are read in place and the scratch vectors are allocated once
///   per gradient (`with(_:_:)`): a step allocates nothing and checks no
///   bounds or array uniqueness.
/// - φ(r) is evaluated once per state; φ′ comes from φ (`slope(fromValue:)`),
///   and tanh is the vectorisable `fastTanh` (≤ 4 ulp from `Foundation.tanh`).
/// - Matrix–vector products go to BLAS (dgemv) from n = `blasThreshold` on.
///   Below it a BLAS call costs more than its n² multiply–adds and plain loops win.
/// - The backward product Wᵀa reads a transposed copy of W, made once per
///   gradient (blocked, `transpose`), so that both directions are the same
///   column sweep y = Σ_j A[:, j] x_j: for the loops one the compiler
///   vectorises (a dot-product loop would need reassociation), and for BLAS
///   the non-transposed dgemv, measured faster here than the transposed one
///   (BPTT at n = 256: 15.9 → 15.0 ms).
struct RateKernels {
    /// Smallest n for which the kernels call BLAS (measured: loops and BLAS
    /// tie at n = 8, BLAS is ahead from n = 16).
    static let blasThreshold = 16

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

    var usesBLAS: Bool { n >= Self.blasThreshold }

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

    /// y ← A x for a column-major n × c matrix A: dgemv, or one column sweep
    /// y += A[:, j] x_j per column (always for U x: k is a handful of inputs,
    /// and the sweep costs less than the BLAS call).
    private func multiply(_ a: UnsafePointer<Double>, columns c: Int, _ x: UnsafePointer<Double>,
                          into y: UnsafeMutablePointer<Double>, blas: Bool) {
        if blas {
            BLAS.gemv(m: n, n: c, alpha: 1, a, x, beta: 0, y)
            return
        }
        y.update(repeating: 0, count: n)
        for j in 0..<c {
            let xj = x[j], column = a + j * n
            for i in 0..<n { y[i] += column[i] * xj }
        }
    }

    /// next ← r + Δt F(r, x), given φ = φ(r): `Integrator.euler` with `rate`,
    /// F = (−r + Wφ + Ux + b)/τ summed in that order.
    func eulerStep(_ r: UnsafePointer<Double>, values φ: UnsafePointer<Double>, input x: UnsafePointer<Double>,
                   timeStep Δt: Double, into next: UnsafeMutablePointer<Double>) {
        multiply(w, columns: n, φ, into: drive, blas: usesBLAS)
        if let u {
            multiply(u, columns: k, x, into: fromInput, blas: false)
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
        multiply(wt, columns: n, a, into: drive, blas: usesBLAS)
        let τ = τ
        for j in 0..<n {
            previous[j] = a[j] + Δt * ((-a[j] + drive[j] * slope[j]) / τ)
        }
    }
}
