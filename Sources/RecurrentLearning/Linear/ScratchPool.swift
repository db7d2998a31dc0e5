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
        defer { for block in blocks { giveBack(block) } }
        return try body(blocks.map(\.pointer))
    }

    private func take(_ count: Int) -> (pointer: UnsafeMutablePointer<Double>, capacity: Int) {
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

    private func giveBack(_ block: (pointer: UnsafeMutablePointer<Double>, capacity: Int)) {
        lock.lock()
        defer { lock.unlock() }
        idle.append(block)
        idle.sort { $0.capacity > $1.capacity }
        var kept = 0
        idle.removeAll { block in
            if kept + block.capacity > Self.retainedLimit { block.pointer.deallocate(); return true }
            kept += block.capacity
            return false
        }
    }
}
