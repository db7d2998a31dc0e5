import Foundation

/// The memory a method allocates for its own state, counted where it is allocated: every
/// pooled buffer (`PooledBuffer`, `ScratchPool.withBuffers`) created while a ledger is
/// measuring is held on it until the buffer is freed, so
///
/// ```
/// peak = max over the call of Σ (doubles of the buffers alive, created during the call)
/// ```
///
/// RTRL's sensitivities p (n × m), BPTT's stored trajectory and adjoints (n × (T + 1)
/// each) and the model's linearizations go through the pool; the implicit gradient's dense
/// J (its LU factors take its storage) with the pivots and three vectors, and the adjoint's
/// three vectors and its residual history, are counted where they are made
/// (`holding`); buffers that existed before
/// the call (the network's own weights) are not counted. A buffer created during the call
/// and still alive after it stays held: the ledger's `held` is then above 0.
///
/// A ledger is bound to the calling task (`measure`), so gradients measured on two threads
/// at once do not count each other's buffers.
public final class MemoryLedger: @unchecked Sendable {
    @TaskLocal static var current: MemoryLedger?

    private let lock = NSLock()
    private var heldDoubles = 0
    private var peakDoubles = 0

    /// Doubles of the counted buffers alive now.
    public var held: Int { lock.withLock { heldDoubles } }
    /// The most doubles alive at once since the ledger began.
    public var peak: Int { lock.withLock { peakDoubles } }

    init() {}

    func hold(_ count: Int) {
        lock.withLock {
            heldDoubles += count
            peakDoubles = max(peakDoubles, heldDoubles)
        }
    }

    func release(_ count: Int) {
        lock.withLock { heldDoubles -= count }
    }

    /// Counts `count` doubles on the measuring ledger while `body` runs: for storage a method
    /// allocates outside the pool (a dense Jacobian and its LU factors, a few vectors), named
    /// with its size where it is allocated.
    static func holding<R, E: Error>(_ count: Int, _ body: () throws(E) -> R) throws(E) -> R {
        let ledger = current
        ledger?.hold(count)
        defer { ledger?.release(count) }
        return try body()
    }

    /// Runs `body` with a fresh ledger bound, and returns its result with the peak count of
    /// doubles the call's own pooled buffers held (8 bytes each).
    public static func measure<R>(_ body: () throws -> R) rethrows -> (result: R, peakDoubles: Int) {
        let ledger = MemoryLedger()
        let result = try $current.withValue(ledger) { try body() }
        return (result, ledger.peak)
    }
}
