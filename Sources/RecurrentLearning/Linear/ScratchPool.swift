import Foundation

/// Reusable scratch storage for the fast gradient paths.
///
/// RTRL and BPTT need buffers of n × m or n × T doubles (2 MB each for BPTT at
/// n = 256, T = 1000) on every call, and training calls them again and again.
/// Blocks that large come fresh from the kernel (glibc `mmap`s them and unmaps
/// them on `free`), so every call paid page faults and page zeroing, more than
/// the arithmetic done on them: BPTT at n = 256 took 27 ms with fresh buffers,
/// 14 ms with reused ones. The pool keeps freed blocks for the next call.
///
/// Best fit on taking; at most `retainedLimit` doubles (64 MB) are kept idle,
/// larger blocks first, the rest freed. One lock makes it thread-safe:
/// concurrent gradients each get their own blocks.
///
/// Every block starts on a 64-byte boundary (`alignment`), so a kernel's
/// eight-lane loads never straddle two cache lines: from a 16-byte aligned
/// `malloc` block they would, and at n = 256 that halved BPTT's read rate.
final class ScratchPool: @unchecked Sendable {
    static let shared = ScratchPool()
    static let retainedLimit = 8 << 20
    /// Bytes: one cache line, the width of an AVX-512 load.
    static let alignment = 64

    private let lock = NSLock()
    private var idle: [(pointer: UnsafeMutablePointer<Double>, capacity: Int)] = []

    /// Runs `body` with one uninitialised buffer per entry of `counts` (each at
    /// least one element long, so that every pointer is valid), then takes them back.
    func withBuffers<R>(_ counts: [Int], _ body: ([UnsafeMutablePointer<Double>]) throws -> R) rethrows -> R {
        let blocks = counts.map { take(max($0, 1)) }
        let ledger = MemoryLedger.current, total = counts.reduce(0, +)
        ledger?.hold(total)
        defer {
            for block in blocks { giveBack(block) }
            ledger?.release(total)
        }
        return try body(blocks.map(\.pointer))
    }

    func take(_ count: Int) -> (pointer: UnsafeMutablePointer<Double>, capacity: Int) {
        lock.lock()
        defer { lock.unlock() }
        var best: Int?
        for (i, block) in idle.enumerated() where block.capacity >= count {
            if best.map({ block.capacity < idle[$0].capacity }) ?? true { best = i }
        }
        if let best { return idle.remove(at: best) }
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Double>.stride,
                                                   alignment: Self.alignment)
        return (raw.bindMemory(to: Double.self, capacity: count), count)
    }

    func giveBack(_ block: (pointer: UnsafeMutablePointer<Double>, capacity: Int)) {
        lock.lock()
        defer { lock.unlock() }
        // idle stays sorted, largest first: insert in place, then free what exceeds the limit
        let index = idle.firstIndex { $0.capacity < block.capacity } ?? idle.endIndex
        idle.insert(block, at: index)
        var kept = 0
        idle.removeAll { block in
            if kept + block.capacity > Self.retainedLimit { block.pointer.deallocate(); return true }
            kept += block.capacity
            return false
        }
    }
}

/// A block of the pool owned by an object that outlives one call: a model's
/// linearization, a method's trajectory. It goes back to the pool when the
/// last reference goes, so the next gradient of the same size reuses it.
@usableFromInline
final class PooledBuffer: @unchecked Sendable {
    /// `count` doubles on a 64-byte boundary, uninitialised until written.
    @usableFromInline let pointer: UnsafeMutablePointer<Double>
    @usableFromInline let count: Int
    private let capacity: Int
    /// The ledger measuring when the buffer was made, which holds `count` until it goes.
    private let ledger: MemoryLedger?

    /// At least one element, so the pointer is valid even for an empty buffer.
    @usableFromInline
    init(count: Int) {
        let block = ScratchPool.shared.take(max(count, 1))
        pointer = block.pointer
        capacity = block.capacity
        self.count = count
        ledger = MemoryLedger.current
        ledger?.hold(count)
    }

    /// A buffer holding a copy of `values`.
    @usableFromInline
    convenience init(_ values: [Double]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { if let base = $0.baseAddress { pointer.update(from: base, count: values.count) } }
    }

    /// Column `j` of an n-row column-major matrix stored here.
    @inlinable
    func column(_ j: Int, rows n: Int) -> UnsafeMutablePointer<Double> { pointer + j * n }

    /// The `count` columns of an n-row matrix stored here, as arrays.
    @usableFromInline
    func columns(rows n: Int, count: Int) -> [[Double]] {
        (0..<count).map { j in Array(UnsafeBufferPointer(start: pointer + j * n, count: n)) }
    }

    deinit {
        ScratchPool.shared.giveBack((pointer, capacity))
        ledger?.release(count)
    }
}

/// A linearization's per-point storage: `width` doubles for each of
/// `capacity` points, in one pooled block; `[t]` is point t's column.
struct PointColumns {
    let width: Int
    let capacity: Int
    private let buffer: PooledBuffer

    init(width: Int, capacity: Int) {
        self.width = width
        self.capacity = capacity
        buffer = PooledBuffer(count: width * capacity)
    }

    subscript(t: Int) -> UnsafeMutablePointer<Double> {
        precondition(t >= 0 && t < capacity, "point \(t) outside 0 ..< \(capacity)")
        return buffer.pointer + t * width
    }
}
