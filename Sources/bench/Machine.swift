import CRateKernels
import Foundation

/// What the numbers were measured on: the CPU, the kernel level, the core.
struct Machine: Codable, Sendable {
    var cpu: String
    /// The instruction set the rate-network kernels use ("AVX-512", "AVX2 + FMA", "plain C").
    var kernels: String
    /// The one core bench and the JAX process run on, or nil when not pinned.
    var core: Int?

    static func describe(core: Int?) -> Machine {
        Machine(cpu: cpuModel(), kernels: kernelLevelName(Int(rl_best_level())), core: core)
    }

    static func kernelLevelName(_ level: Int) -> String {
        switch Int32(level) {
        case Int32(RL_LEVEL_AVX512): "AVX-512"
        case Int32(RL_LEVEL_AVX2): "AVX2 + FMA"
        default: "plain C"
        }
    }

    /// "model name" of /proc/cpuinfo (Linux), else the kernel's brand string.
    static func cpuModel() -> String {
        if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        #if canImport(Darwin)
        var size = 0
        sysctlbyname("machdep.cpu.brand_string", nil, &size, nil, 0)
        var bytes = [CChar](repeating: 0, count: max(size, 1))
        if sysctlbyname("machdep.cpu.brand_string", &bytes, &size, nil, 0) == 0 { return String(cString: bytes) }
        #endif
        return "unknown CPU"
    }

    /// The CPUs this process may run on, lowest first (Linux); nil elsewhere.
    static func allowedCores() -> [Int]? {
        #if os(Linux)
        guard let call = affinityCall("sched_getaffinity") else { return nil }
        var mask = [UInt64](repeating: 0, count: 16)                  // glibc's cpu_set_t: 1024 bits
        guard mask.withUnsafeMutableBytes({ call(0, $0.count, $0.baseAddress!) }) == 0 else { return nil }
        return (0..<1024).filter { mask[$0 / 64] & (1 << UInt64($0 % 64)) != 0 }
        #else
        return nil
        #endif
    }

    /// Pins this process (and the children it starts afterwards) to `core`.
    /// Returns false where the system has no affinity call (macOS).
    static func pin(to core: Int) throws -> Bool {
        #if os(Linux)
        guard let call = affinityCall("sched_setaffinity") else { return false }
        var mask = [UInt64](repeating: 0, count: 16)
        mask[core / 64] = 1 << UInt64(core % 64)
        guard mask.withUnsafeMutableBytes({ call(0, $0.count, $0.baseAddress!) }) == 0 else {
            throw BenchError("cannot pin to core \(core): \(String(cString: strerror(errno))); choose one of \(allowedCores() ?? []) with --core")
        }
        return true
        #else
        return false
        #endif
    }

    #if os(Linux)
    /// glibc declares sched_{get,set}affinity only under _GNU_SOURCE, which
    /// Swift's Glibc module does not define: look them up by name instead.
    private typealias Affinity = @convention(c) (Int32, Int, UnsafeMutableRawPointer) -> Int32
    private static func affinityCall(_ name: String) -> Affinity? {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), name) else { return nil }
        return unsafeBitCast(symbol, to: Affinity.self)
    }
    #endif
}

/// A one-line error for the user.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
