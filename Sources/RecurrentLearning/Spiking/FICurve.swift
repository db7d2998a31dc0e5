import Foundation

/// The f–I curve g(I) of a LIF population, measured, and made smooth enough to be
/// the transfer function of a rate model.
///
/// **Measurement** (`measure`): for each current I_k on a grid, M neurons of the
/// population receive the constant current I_k; after a transient, their spikes
/// over a window of length T give g_k = (spike count)/(M T). All levels run as one
/// population (a current offset per neuron), so it is one simulation.
///
/// **Interpolation**: a monotone cubic Hermite interpolant (Fritsch–Carlson) through
/// (I_k, g_k). On [I_k, I_{k+1}], with h = I_{k+1} − I_k and t = (I − I_k)/h,
///
/// ```
/// g(I) = (2t³ − 3t² + 1) g_k + (t³ − 2t² + t) h m_k + (−2t³ + 3t²) g_{k+1} + (t³ − t²) h m_{k+1}
/// ```
///
/// with slopes m_k the weighted harmonic mean of the neighbouring secants δ
/// (0 where they differ in sign), m = δ at the ends. g is C¹ and never overshoots the data,
/// so g′ ≥ 0 wherever the data rise. Outside the grid g continues C¹: below I_0 as
/// g_0 e^(m_0 (I − I_0)/g_0), which stays positive and decays to 0 (constant g_0 if g_0 = 0
/// or m_0 = 0); above the last knot as a straight line of slope m.
public struct FICurve: TransferFunction, Equatable {
    /// I_k, in mV, strictly increasing.
    public let currents: [Double]
    /// g_k, in Hz.
    public let rates: [Double]
    /// m_k = dg/dI at the knots, in Hz/mV.
    public let slopes: [Double]

    public init(currents: [Double], rates: [Double]) {
        precondition(currents.count >= 2 && currents.count == rates.count,
                     "an f–I curve needs at least two (I, g) points, got \(currents.count) currents and \(rates.count) rates")
        precondition(zip(currents, currents.dropFirst()).allSatisfy { $0 < $1 }, "the currents must increase strictly")
        self.currents = currents
        self.rates = rates
        let h = zip(currents.dropFirst(), currents).map { $0 - $1 }
        let δ = rates.indices.dropLast().map { k in (rates[k + 1] - rates[k]) / h[k] }
        var m = [Double](repeating: 0, count: currents.count)
        m[0] = δ[0]
        m[m.count - 1] = δ[δ.count - 1]
        for k in 1..<(m.count - 1) where δ[k - 1] * δ[k] > 0 {
            let w1 = 2 * h[k] + h[k - 1], w2 = h[k] + 2 * h[k - 1]
            m[k] = (w1 + w2) / (w1 / δ[k - 1] + w2 / δ[k])
        }
        self.slopes = m
    }

    /// The knot interval [I_k, I_{k+1}] holding I (I inside the grid).
    private func interval(_ current: Double) -> Int {
        var low = 0, high = currents.count - 1        // currents[low] ≤ I ≤ currents[high]
        while high - low > 1 {
            let mid = (low + high) / 2
            if currents[mid] <= current { low = mid } else { high = mid }
        }
        return low
    }

    public func value(_ current: Double) -> Double {
        let last = currents.count - 1
        if current < currents[0] {
            guard rates[0] > 0, slopes[0] > 0 else { return rates[0] }
            return rates[0] * exp(slopes[0] * (current - currents[0]) / rates[0])
        }
        if current > currents[last] { return rates[last] + slopes[last] * (current - currents[last]) }
        let k = interval(current), h = currents[k + 1] - currents[k], t = (current - currents[k]) / h
        let t2 = t * t, t3 = t2 * t
        return (2 * t3 - 3 * t2 + 1) * rates[k] + (t3 - 2 * t2 + t) * h * slopes[k]
            + (-2 * t3 + 3 * t2) * rates[k + 1] + (t3 - t2) * h * slopes[k + 1]
    }

    public func derivative(_ current: Double) -> Double {
        let last = currents.count - 1
        if current < currents[0] {
            guard rates[0] > 0, slopes[0] > 0 else { return 0 }
            return slopes[0] * exp(slopes[0] * (current - currents[0]) / rates[0])
        }
        if current > currents[last] { return slopes[last] }
        let k = interval(current), h = currents[k + 1] - currents[k], t = (current - currents[k]) / h
        let t2 = t * t
        return ((6 * t2 - 6 * t) * rates[k] + (3 * t2 - 4 * t + 1) * h * slopes[k]
            + (-6 * t2 + 6 * t) * rates[k + 1] + (3 * t2 - 2 * t) * h * slopes[k + 1]) / h
    }

    /// Measures g on the grid `currents`: `neuronsPerCurrent` neurons of `population`'s kind
    /// (its neuron and noise; its size is not used) at each current, for `transient` + `window`
    /// seconds of steps Δt, counting spikes in the window only.
    public static func measure(_ population: LIFPopulation, currents: [Double], neuronsPerCurrent m: Int,
                               transient: Double, window: Double, timeStep Δt: Double,
                               using rng: inout SeededGenerator) -> FICurve {
        precondition(m > 0 && window > 0 && transient >= 0, "need neurons per current > 0, window > 0, transient ≥ 0")
        var everyLevel = population
        everyLevel.size = m * currents.count
        let offsets = currents.flatMap { [Double](repeating: $0, count: m) }
        let skipped = Int((transient / Δt).rounded()), counted = Int((window / Δt).rounded())
        let record = everyLevel.simulate(current: [Double](repeating: 0, count: skipped + counted),
                                         offsets: offsets, timeStep: Δt, using: &rng)
        var spikes = [Int](repeating: 0, count: currents.count)
        for (s, i) in zip(record.steps, record.neurons) where s >= skipped { spikes[Int(i) / m] += 1 }
        let rates = spikes.map { Double($0) / (Double(m) * Double(counted) * Δt) }
        return FICurve(currents: currents, rates: rates)
    }
}
